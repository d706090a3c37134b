using ClausesSociales.Notices;

namespace ClausesSociales.Tests.Notices;

public sealed class BoampNoticeParserTests
{
    private readonly NoticeParser _parser = new();

    [Fact]
    public void ReadsEveryRecordOfAnApiPage()
    {
        var file = SharedData.Path("boamp-api-jpbenga", "boamp-where-date.json");

        var parsed = _parser.Parse(file, File.ReadAllBytes(file));

        Assert.Equal(NoticeFormat.BoampJson, parsed.Format);
        Assert.Equal(["26-7298", "26-7308", "26-7319", "26-7109", "26-7113"], parsed.Notices.Select(n => n.NoticeId));
        Assert.All(parsed.Notices, n =>
        {
            Assert.Equal("boamp", n.Source);
            Assert.Equal(NoticeKind.ContractNotice, n.Kind);
            Assert.Equal(new DateOnly(2026, 1, 21), n.PublicationDate);
            Assert.All(n.Lots, l => Assert.Matches("^[0-9]{8}$", l.MainCpv));
        });
    }

    [Theory]
    [InlineData("test-pub-3.xml", "hc-am")]
    [InlineData("test-attribution-6.xml", "water")]
    public void ReadsTheBuyersMainActivityOfAnXmlNoticeAsItsEformsCode(string name, string activity)
    {
        // Real notices: a social landlord (LOG_DEV_COL) and a water and transport entity (EAU first).
        var file = SharedData.Path("boamp-rdf", "test", "xml", name);

        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Equal(activity, notice.Buyer.Activity);
        Assert.Null(BoampXmlNoticeParser.Activity("AUTRE"));
        Assert.Equal("urttb", BoampXmlNoticeParser.Activity("SER_CHEMIN_FER_TRAM_BUS"));
    }

    [Fact]
    public void ReadsLotsAndDeclaredCriteriaOfAFnSimpleRecord()
    {
        var file = SharedData.Path("boamp-api-jpbenga", "boamp-where-date.json");

        var urssaf = _parser.Parse(file, File.ReadAllBytes(file)).Notices.Single(n => n.NoticeId == "26-7308");

        Assert.Equal("URSSAF NORMANDIE", urssaf.Buyer.Name);
        Assert.Equal("90209799700016", urssaf.Buyer.Identifier);
        Assert.Equal("https://www.boamp.fr/pages/avis/?q=idweb:26-7308", urssaf.Url);
        Assert.True(urssaf.Lots.Count >= 6);
        Assert.All(urssaf.Lots, l =>
        {
            Assert.Equal("55520000", l.MainCpv);
            Assert.Equal(["crit-soc"], l.Markers.Social);
            Assert.Equal(["crit-env"], l.Markers.Green);
            Assert.Equal(new DateTimeOffset(2026, 2, 27, 12, 0, 0, TimeSpan.FromHours(1)), l.Deadline);
        });
        Assert.Equal("1- Prestations pour l’URSSAF de Rouen (Seine Maritime)", urssaf.Lots[0].Title);
    }

    [Fact]
    public void ALotWhoseOwnTextReservesItIsReservedAndOnlyThatLot()
    {
        // The real URSSAF record, its lots' titles rewritten at run time as buyers write a
        // reservation in a lot's text while the notice's reservation field says no.
        var file = SharedData.Path("boamp-api-jpbenga", "boamp-where-date.json");
        var text = File.ReadAllText(file);
        foreach (var (title, added) in new[]
        {
            ("1- Prestations pour l’URSSAF de Rouen (Seine Maritime)", ", lot réservé aux structures d’insertion par l’activité économique (article L. 2113-13)"),
            ("2- Prestations pour l’URSSAF du Havre (Seine-Maritime)", ". Ce lot n’est pas réservé aux SIAE"),
            ("3- Prestations pour l’URSSAF de Dieppe (Seine Maritime)", ". Le lot 4 est réservé aux ESAT et entreprises adaptées"),
        })
        {
            Assert.Contains(title, text);
            text = text.Replace(title, title + added, StringComparison.Ordinal);
        }

        var urssaf = _parser.Parse(file, System.Text.Encoding.UTF8.GetBytes(text)).Notices.Single(n => n.NoticeId == "26-7308");
        var original = _parser.Parse(file, File.ReadAllBytes(file)).Notices.Single(n => n.NoticeId == "26-7308");

        Assert.All(original.Lots, l => Assert.Empty(l.Markers.Reserved));
        Assert.Equal(["res-siae"], urssaf.Lots[0].Markers.Reserved);
        Assert.Empty(urssaf.Lots[1].Markers.Reserved);
        Assert.Empty(urssaf.Lots[2].Markers.Reserved);
        Assert.All(urssaf.Lots.Skip(3), l => Assert.Empty(l.Markers.Reserved));
        // What the buyer declared otherwise stays.
        Assert.All(urssaf.Lots, l => Assert.Equal(["crit-soc"], l.Markers.Social));
    }

    [Fact]
    public void ReadsDepartmentAndValueOfASingleLotRecord()
    {
        var file = SharedData.Path("boamp-api-jpbenga", "boamp-where-date.json");

        var madeleine = _parser.Parse(file, File.ReadAllBytes(file)).Notices.Single(n => n.NoticeId == "26-7298");

        var lot = Assert.Single(madeleine.Lots);
        Assert.Equal("45432111", lot.MainCpv);
        Assert.Equal("59", lot.Department);
        Assert.Equal(12m, lot.DurationMonths);
        Assert.Equal(ContractNature.Works, lot.Nature);
        Assert.True(lot.Markers.IsEmpty);
    }

    [Fact]
    public void ReadsEveryV230Notice()
    {
        var files = SharedData.Files("boamp-rdf").ToList();
        Assert.Equal(19, files.Count);

        var notices = files.Select(f => Assert.Single(_parser.Parse(f, File.ReadAllBytes(f)).Notices)).ToList();

        Assert.All(notices, n => Assert.Equal("boamp", n.Source));
        Assert.All(notices, n => Assert.NotEmpty(n.Lots));
        // The corpus names its award notices test-attribution-*, its calls for tenders test-pub*.
        Assert.Equal(files.Select(f => Path.GetFileName(f).StartsWith("test-attribution", StringComparison.Ordinal) ? NoticeKind.ContractAward : NoticeKind.ContractNotice),
            notices.Select(n => n.Kind));
        // Calls for tenders carry a CPV code; some old award notices carry none and say so.
        Assert.All(notices.Where(n => n.Kind == NoticeKind.ContractNotice), n => Assert.All(n.Lots, l => Assert.NotNull(l.MainCpv)));
        Assert.All(notices.Where(n => n.Lots.Any(l => l.MainCpv is null)), n => Assert.Contains("no CPV code", n.Defects));
    }

    [Fact]
    public void ReadsEnvironmentalCriteriaAndExecutionConditionOfAParisNotice()
    {
        var file = SharedData.Path("boamp-rdf", "test", "xml", "test-pub.xml");

        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Contains("remorquage", notice.Title);
        Assert.All(notice.Lots, l => Assert.Equal(["crit-env", "exec-env"], l.Markers.Green));
        Assert.All(notice.Lots, l => Assert.Empty(l.Markers.Reserved));
        Assert.Equal(new DateTimeOffset(2017, 2, 7, 12, 0, 0, TimeSpan.FromHours(1)), notice.Lots[0].Deadline);
    }

    [Fact]
    public void ReadsEformsContentOfABoampRecordWithTheEformsParser()
    {
        // A BOAMP record whose donnees holds eForms written as JSON, built from a real eForms example.
        var xml = System.Xml.Linq.XDocument.Load(SharedData.EformsExample("cn_24_FRA_comments"));
        var eformsJson = ToJson(xml.Root!);
        var record = new System.Text.Json.Nodes.JsonObject
        {
            ["idweb"] = "26-999001",
            ["objet"] = "Avis eForms relayé par le BOAMP",
            ["dateparution"] = "2026-11-02",
            ["donnees"] = new System.Text.Json.Nodes.JsonObject { ["EFORMS"] = new System.Text.Json.Nodes.JsonObject { [xml.Root!.Name.LocalName] = eformsJson } }.ToJsonString(),
        };

        var notice = Assert.Single(_parser.Parse("record.json", System.Text.Encoding.UTF8.GetBytes(record.ToJsonString())).Notices);
        var direct = Assert.Single(_parser.Parse("direct.xml", File.ReadAllBytes(SharedData.EformsExample("cn_24_FRA_comments"))).Notices);

        Assert.Equal("26-999001", notice.NoticeId);
        Assert.Equal(direct.Lots.Select(l => (l.LotId, l.MainCpv, l.Department)), notice.Lots.Select(l => (l.LotId, l.MainCpv, l.Department)));
        Assert.Equal(direct.Buyer.Name, notice.Buyer.Name);
    }

    private static System.Text.Json.Nodes.JsonNode ToJson(System.Xml.Linq.XElement e)
    {
        var obj = new System.Text.Json.Nodes.JsonObject();
        foreach (var a in e.Attributes().Where(a => !a.IsNamespaceDeclaration)) obj["@" + a.Name.LocalName] = a.Value;
        if (!e.HasElements)
        {
            if (!e.HasAttributes) return System.Text.Json.Nodes.JsonValue.Create(e.Value)!;
            obj["#text"] = e.Value;
            return obj;
        }
        foreach (var group in e.Elements().GroupBy(c => "cbc:" + c.Name.LocalName))
        {
            var items = group.Select(ToJson).ToList();
            obj[group.Key] = items.Count == 1 ? items[0] : new System.Text.Json.Nodes.JsonArray([.. items]);
        }
        return obj;
    }
}

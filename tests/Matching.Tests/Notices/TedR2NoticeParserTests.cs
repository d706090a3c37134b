using System.Xml.Linq;
using ClausesSociales.Notices;

namespace ClausesSociales.Tests.Notices;

public sealed class TedR2NoticeParserTests
{
    private readonly NoticeParser _parser = new();

    private static readonly string[] ReservationElements = ["RESTRICTED_SHELTERED_WORKSHOP", "RESTRICTED_SHELTERED_PROGRAM", "RESERVED_ORGANISATIONS_SERVICE_MISSION"];

    private static IReadOnlyList<string> FilesOfVersion(string version) => SharedData.Files("ted-rdf-mapping")
        .Where(f => File.ReadAllText(f).Contains($"VERSION=\"{version}", StringComparison.Ordinal))
        .ToList();

    [Fact]
    public void ParsesAtLeast99PercentOfR209NoticesWithLotCpvAndTitle()
    {
        var files = FilesOfVersion("R2.0.9");
        Assert.True(files.Count >= 580, $"expected the 582 R2.0.9 notices, found {files.Count}");

        var complete = files.Count(file =>
        {
            try
            {
                var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
                return notice.Lots.Count > 0 && notice.Lots.All(l => l.MainCpv is not null && l.Title is not null);
            }
            catch (NoticeParseException)
            {
                return false;
            }
        });

        Assert.True(complete >= files.Count * 0.99, $"{complete} of {files.Count} notices parsed with lots, CPV and title");
    }

    [Fact]
    public void ReservedMarkersOfEveryLotEqualThoseDeclaredInTheOriginalForm()
    {
        var checkedLots = 0;
        var reservedLots = 0;
        foreach (var file in SharedData.Files("ted-rdf-mapping"))
        {
            var expected = DeclaredReservations(file);
            var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
            foreach (var lot in notice.Lots)
            {
                Assert.True(expected.SetEquals(lot.Markers.Reserved), $"{file} lot {lot.LotId}: expected [{string.Join(",", expected)}], read [{string.Join(",", lot.Markers.Reserved)}]");
                checkedLots++;
                if (expected.Count > 0) reservedLots++;
            }
        }
        Assert.True(checkedLots > 1500);
        Assert.True(reservedLots >= 60, $"only {reservedLots} reserved lots were checked");
    }

    [Fact]
    public void TheBuyersMainActivityIsReadAsItsEformsCode()
    {
        // Every CA_ACTIVITY, CE_ACTIVITY or TYPE_OF_ACTIVITY value of the real notices becomes a code of the
        // eForms main-activity list, so that a TED R2 and an eForms buyer of social housing share one feature.
        var codes = ClausesSociales.CodeLists.CodeLabels.Load(SharedData.Path("eforms-sdk")).Codes("main-activity").Select(c => c.Code).ToHashSet();
        Assert.Contains("hc-am", codes);
        var read = 0;
        foreach (var file in SharedData.Files("ted-rdf-mapping"))
        {
            var declared = XDocument.Load(file).Descendants().FirstOrDefault(e => e.Name.LocalName is "CA_ACTIVITY" or "CE_ACTIVITY" or "TYPE_OF_ACTIVITY")?.Attribute("VALUE")?.Value;
            var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
            if (declared is null)
            {
                Assert.Null(notice.Buyer.Activity);
                continue;
            }
            Assert.True(notice.Buyer.Activity is { } activity && codes.Contains(activity), $"{file}: {declared} read as {notice.Buyer.Activity}");
            read++;
        }
        Assert.True(read >= 440, $"only {read} notices name their buyer's activity");

        var housing = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "form_number_F15", "359032-2021.xml");
        var orneHabitat = Assert.Single(_parser.Parse(housing, File.ReadAllBytes(housing)).Notices);
        Assert.Equal("hc-am", orneHabitat.Buyer.Activity);
        Assert.Contains("activitehcam", ClausesSociales.Classification.LotRow.From(orneHabitat, orneHabitat.Lots[0]).Codes.Split(' '));
    }

    [Theory]
    [InlineData("sampling_2014_2022/R2.0.9.S05.E01/eforms_subtype_24/372000-2022.xml", "GR", "EL")]
    [InlineData("sampling_2021/eforms_subtype_24/103656-2021.xml", "FR", "FR")]
    public void ANoticeThatNamesNoPlaceTakesItsBuyersCountryAsFeatureButNoPlace(string path, string isoCountry, string country)
    {
        // Real design contests with no PERFORMANCE_NUTS and no NUTS in their object.
        var file = SharedData.Path(["ted-rdf-mapping", "test_data", .. path.Split('/')]);
        var xml = XDocument.Load(file);
        Assert.DoesNotContain(xml.Descendants(), e => e.Name.LocalName == "PERFORMANCE_NUTS" || (e.Name.LocalName == "NUTS" && e.Ancestors().Any(a => a.Name.LocalName == "OBJECT_CONTRACT")));
        Assert.Equal(isoCountry, xml.Descendants().Single(e => e.Name.LocalName == "ISO_COUNTRY").Attribute("VALUE")?.Value);

        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Equal(country, notice.Buyer.Country);
        Assert.All(notice.Lots, lot => Assert.Empty(lot.Nuts));
        Assert.Contains("pays" + country.ToLowerInvariant(), ClausesSociales.Classification.LotRow.From(notice, notice.Lots[0]).Codes.Split(' '));
    }

    [Theory]
    [InlineData("sampling_2021/form_number_F02/014265-2021.xml", "classique", true)]
    [InlineData("sampling_2021/eforms_subtype_20/034312-2021.xml", "classique social", true)]
    [InlineData("sampling_2014_2022/R2.0.9.S02.E01/eforms_subtype_21/185445-2018.xml", "reseaux social", true)]
    [InlineData("sampling_2021/eforms_subtype_15/329690-2021.xml", "reseaux qualification", true)]
    [InlineData("sampling_2021/eforms_subtype_19/580891-2021.xml", "concession", true)]
    [InlineData("sampling_2021/eforms_subtype_24/103656-2021.xml", "reseaux concours", false)]
    [InlineData("sampling_2021/form_number_F17/231672-2021.xml", "defense", false)]
    public void ReadsTheRegimeOfEachFormAndLeavesTheReservationUnknownWhereTheFormHasNoField(string path, string regime, bool knowsReserved)
    {
        var file = SharedData.Path(["ted-rdf-mapping", "test_data", .. path.Split('/')]);
        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Equal(regime, notice.Regime);
        Assert.Equal(NoticeKind.ContractNotice, notice.Kind);
        Assert.All(notice.Lots, l => Assert.Equal(knowsReserved, l.Markers.Knows(DeclarableLabels.Reserved)));
    }

    [Fact]
    public void NoDesignContestBuyerProfileOrDefenceFormOfTheCorpusCarriesAReservation()
    {
        // The forms left unknown for the reservation: none of the corpus's 55 declares one, and every other contract or prior-information form knows it.
        var unknown = 0;
        foreach (var file in SharedData.Files("ted-rdf-mapping"))
        {
            var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
            if (notice.Kind is not (NoticeKind.ContractNotice or NoticeKind.PriorInformation)) continue;
            var knows = notice.Lots.All(l => l.Markers.Knows(DeclarableLabels.Reserved));
            var regime = notice.Regime ?? "";
            var noField = regime.Contains("concours") || regime.Contains("profil") || regime.Contains("defense");
            Assert.True(knows != noField, $"{file}: regime '{regime}', reservation known: {knows}");
            if (noField)
            {
                Assert.Empty(DeclaredReservations(file));
                unknown++;
            }
        }
        Assert.InRange(unknown, 40, 80);
    }

    /// <summary>What the XML declares, read apart from the parser: reservation elements of the original-language form.</summary>
    private static HashSet<string> DeclaredReservations(string file)
    {
        var forms = XDocument.Load(file).Root!.Elements().Single(e => e.Name.LocalName == "FORM_SECTION").Elements().ToList();
        var form = forms.FirstOrDefault(f => (string?)f.Attribute("CATEGORY") == "ORIGINAL") ?? forms[0];
        var present = form.Descendants().Select(e => e.Name.LocalName).Where(ReservationElements.Contains).ToHashSet();
        var codes = new HashSet<string>();
        if (present.Contains("RESTRICTED_SHELTERED_WORKSHOP")) codes.Add("res-ws");
        if (present.Contains("RESTRICTED_SHELTERED_PROGRAM")) codes.Add("res-exec");
        if (present.Contains("RESERVED_ORGANISATIONS_SERVICE_MISSION")) codes.Add("res-pub-ser");
        return codes;
    }

    [Fact]
    public void ReadsLotsOfAFrenchHospitalCateringNotice()
    {
        var file = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "form_number_F02", "014265-2021.xml");

        var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);

        Assert.Equal("014265-2021", notice.NoticeId);
        Assert.Equal(NoticeKind.ContractNotice, notice.Kind);
        Assert.Equal(new DateOnly(2021, 1, 13), notice.PublicationDate);
        Assert.Equal("Assistance publique Hôpitaux de Paris", notice.Buyer.Name);
        Assert.Equal("26750045201746", notice.Buyer.Identifier);
        Assert.Equal("FR", notice.Language);
        Assert.Equal(["1", "2"], notice.Lots.Select(l => l.LotId));
        Assert.Equal("Prestations traiteurs", notice.Lots[0].Title);
        Assert.Equal("Fourniture de plats cuisinés individuels Kasher", notice.Lots[1].Title);
        Assert.All(notice.Lots, l => Assert.Equal("55520000", l.MainCpv));
        Assert.Equal(["15894300"], notice.Lots[0].AdditionalCpv);
        Assert.Equal(new DateTimeOffset(2021, 2, 10, 16, 0, 0, TimeSpan.FromHours(1)), notice.Lots[0].Deadline);
        Assert.Equal(ContractNature.Services, notice.Lots[0].Nature);
        Assert.True(notice.Lots[0].DurationMonths is > 35 and < 37);
        // "qualité écoresponsable de l'offre" is an award criterion: declared green.
        Assert.Equal(["crit-env"], notice.Lots[0].Markers.Green);
        Assert.Empty(notice.Lots[0].Markers.Reserved);
    }

    [Fact]
    public void ReadsEveryReservationOfAHospitalMealsNotice()
    {
        var file = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S03.E01", "eforms_subtype_20", "091489-2019.xml");

        var lot = Assert.Single(Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices).Lots);

        Assert.Equal(["res-ws", "res-exec", "res-pub-ser"], lot.Markers.Reserved);
        Assert.Equal("55321000", lot.MainCpv);
        Assert.Equal(["FR105"], lot.Nuts);
        Assert.Equal("92", lot.Department);
        Assert.Equal(new DateTimeOffset(2019, 3, 22, 15, 0, 0, TimeSpan.FromHours(1)), lot.Deadline);
    }

    [Fact]
    public void ParsesDefenceFormsOfR208()
    {
        var files = FilesOfVersion("R2.0.8");
        Assert.NotEmpty(files);

        Assert.All(files, file =>
        {
            var notice = Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
            Assert.All(notice.Lots, l => Assert.NotNull(l.MainCpv));
        });
    }

    [Fact]
    public void ParsesTheHistoricalTedCorpusOfTheConverter()
    {
        var files = SharedData.Files(Path.Combine("ted-xml-data-converter", "development-notices", "ted-xml")).ToList();
        Assert.True(files.Count >= 70);

        var parsed = files.Select(f => _parser.Parse(f, File.ReadAllBytes(f)).Notices.Single()).ToList();

        Assert.All(parsed, n => Assert.NotEmpty(n.Lots));
        Assert.True(parsed.Count(n => n.Lots.All(l => l.MainCpv is not null)) >= files.Count * 0.99);
    }
}

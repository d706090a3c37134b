using AngleSharp;
using AngleSharp.Dom;
using ClausesSociales.Storage;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// The lots board reads one partition of the Board index per page: a lot of the sample notice (in
/// the Rhône) shows under its department and region, not under another, with its declared markers,
/// its best-matched structures linked to their public record, every value escaped.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LotsBoardPageTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    private static async Task<IDocument> ParseAsync(string html) =>
        await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));

    private static async Task<IDocument> BoardAsync(ClausesStorage storage, params (string, string?)[] query) =>
        await ParseAsync((await new LotsBoardPage(storage, StoredSample.Labels, new StoredSample.FixedClock(Now))
            .HandleAsync(query.ToDictionary(q => q.Item1, q => q.Item2), CancellationToken.None)).Html);

    private static bool Shows(IDocument page, string noticeId, string lotId) =>
        page.QuerySelectorAll("article.card h2 a").Any(a => a.GetAttribute("href") == $"/lots/ted/{noticeId}/{lotId}");

    [Fact]
    public async Task FiltersByPlaceKindSectorAndDeadlineAndLinksTheStructures()
    {
        const string id = "00790011-2026";
        var storage = await StoredSample.StoreAsync(azurite, id, xml => xml.Replace("Préparation et livraison des repas", "Repas &lt;script&gt;alert(1)&lt;/script&gt;"));

        var rhone = await BoardAsync(storage, ("dep", "69"));
        Assert.True(Shows(rhone, id, "LOT-0001"));
        Assert.True(Shows(rhone, id, "LOT-0002"));
        Assert.True(Shows(await BoardAsync(storage, ("reg", "84")), id, "LOT-0001"));
        Assert.True(Shows(await BoardAsync(storage), id, "LOT-0001"));
        Assert.False(Shows(await BoardAsync(storage, ("dep", "93")), id, "LOT-0001"));
        Assert.False(Shows(await BoardAsync(storage, ("reg", "11")), id, "LOT-0001"));

        // Lot 1 is declared reserved (res-ws) in CPV 55 (meals), lot 2 green (env-imp) in CPV 98 (laundry). Lot 2 is
        // not reserved, but the ESAT and EA of the trade nearby make it one to reserve: the reserved filter shows it too,
        // with the recommendation.
        var reserved = await BoardAsync(storage, ("dep", "69"), ("kind", "reserved"));
        Assert.True(Shows(reserved, id, "LOT-0001"));
        var recommended = reserved.QuerySelectorAll("article.card").Single(c => c.QuerySelector("h2 a")!.GetAttribute("href") == $"/lots/ted/{id}/LOT-0002");
        Assert.Contains("Offre locale : le lot peut être réservé aux ESAT et entreprises adaptées (article L2113-12)", recommended.TextContent.Plain());
        Assert.Null(recommended.QuerySelector(".tag.reserved"));
        // The ESAT and EA a recommended reservation admits carry no caveat (one it would not admit says so: DigestRendererTests).
        var shown = recommended.QuerySelectorAll("ul.reasons li").Select(li => li.TextContent.Plain()).ToList();
        Assert.NotEmpty(shown);
        Assert.All(shown, li => Assert.Equal(!li.Contains("(ESAT", StringComparison.Ordinal) && !li.Contains("(EA", StringComparison.Ordinal), li.Contains("non éligible si le lot est réservé", StringComparison.Ordinal)));
        var laundry = await BoardAsync(storage, ("dep", "69"), ("cpv", "98"));
        Assert.False(Shows(laundry, id, "LOT-0001"));
        Assert.True(Shows(laundry, id, "LOT-0002"));
        Assert.False(Shows(await BoardAsync(storage, ("dep", "69"), ("before", "2026-12-13")), id, "LOT-0001"));
        Assert.True(Shows(await BoardAsync(storage, ("dep", "69"), ("before", "2026-12-14")), id, "LOT-0001"));

        // The card: escaped title, declared marker, structures linked to the annuaire des entreprises.
        var card = rhone.QuerySelectorAll("article.card").Single(c => c.QuerySelector("h2 a")!.GetAttribute("href") == $"/lots/ted/{id}/LOT-0001");
        Assert.Equal("Repas <script>alert(1)</script>, lot réservé aux ESAT et entreprises adaptées", card.QuerySelector("h2")!.TextContent.Plain());
        Assert.Empty(rhone.QuerySelectorAll("script"));
        // Whom its buyer reserved it to, told once, in the tag; no recommendation under it.
        Assert.Equal("Réservé par l'acheteur aux ESAT et entreprises adaptées (article L2113-12)", card.QuerySelector(".tag.reserved.declared")!.TextContent.Plain());
        Assert.DoesNotContain("Recommandation", card.TextContent.Plain());
        Assert.Contains(card.QuerySelectorAll("a"), a => a.GetAttribute("href") == "https://annuaire-entreprises.data.gouv.fr/etablissement/90012345600007" && a.TextContent.Plain() == "ESAT Les Ateliers du Rhône");

        // A structure reading the board finds its way to the alerts.
        Assert.Contains(rhone.QuerySelectorAll("main a"), a => a.GetAttribute("href") == "/structures" && a.TextContent.Plain() == "Retrouvez votre structure");

        // Labelled filters, the chosen ones kept selected.
        Assert.All(rhone.QuerySelectorAll("form.filters select, form.filters input"), field => Assert.NotNull(rhone.QuerySelector($"label[for='{field.Id}']")));
        Assert.Equal("69", rhone.QuerySelector("select#dep option[selected]")!.GetAttribute("value"));
        Assert.Contains(rhone.QuerySelectorAll("select#cpv option"), o => o.GetAttribute("value") == "55" && o.TextContent.Contains("hôtellerie", StringComparison.OrdinalIgnoreCase));

        // Filters set: a link clears them; a filter that finds nothing says so and leads back to every open lot.
        Assert.Contains(rhone.QuerySelectorAll("form.filters a"), a => a.GetAttribute("href") == "/" && a.TextContent.Plain() == "Effacer les filtres");
        Assert.Empty((await BoardAsync(storage)).QuerySelectorAll("form.filters a"));
        var none = await BoardAsync(storage, ("dep", "69"), ("before", "2026-11-01"));
        Assert.Empty(none.QuerySelectorAll("article.card"));
        var empty = none.QuerySelector("p.empty")!;
        Assert.StartsWith("Aucun lot ouvert ne correspond à ces critères.", empty.TextContent.Plain());
        Assert.Equal("/", empty.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task ALotWithoutDeadlineLeavesTheBoardAMonthAfterItsNoticeAndAnAwardIsNeverOnIt()
    {
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync();
        var scope = BoardEntity.DepartmentScope("2B");
        var board = storage.Table(BoardEntity.TableOf(BoardEntity.Partition(scope, "any")));
        await board.CreateIfNotExistsAsync();
        foreach (var (id, published) in new[] { ("recent", Now.AddDays(-5)), ("old", Now.AddDays(-400)) })
        {
            await board.UpsertEntityAsync(new BoardEntity
            {
                PartitionKey = BoardEntity.Partition(scope, BoardEntity.Bucket(scope, null)), RowKey = BoardEntity.RowKeyOf(null, $"test_undated_{id}"),
                Source = "test", NoticeId = id, LotId = "1", Title = $"Sans date limite {id}", IsSocial = true, SocialProbability = 0.8,
                PublicationDate = published.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            });
        }
        var page = await BoardAsync(storage, ("dep", "2B"));
        Assert.Equal(["Sans date limite recent"], page.QuerySelectorAll("article.card h2").Select(h => h.TextContent.Plain()));

        // An award notice's lot, even one its buyer reserved, is not an open lot.
        var awarded = new ClausesSociales.Storage.LotEntity { NoticeKind = "ContractAward", ReservedMarkers = "res-ws" };
        Assert.False(BoardIndexer.Qualifies(awarded));
        Assert.True(BoardIndexer.Qualifies(new ClausesSociales.Storage.LotEntity { NoticeKind = "ContractNotice", ReservedMarkers = "res-ws" }));
    }

    [Fact]
    public async Task PagesWithACursorAndReportsBadFiltersInFrench()
    {
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync();
        var board = storage.Table(BoardEntity.TableOf(BoardEntity.Partition(BoardEntity.DepartmentScope("2A"), "any")));
        await board.CreateIfNotExistsAsync();
        // Twenty-five lots of a department of their own, written as the indexer writes them.
        for (var i = 0; i < 25; i++)
        {
            await board.UpsertEntityAsync(new BoardEntity
            {
                PartitionKey = BoardEntity.Partition(BoardEntity.DepartmentScope("2A"), BoardEntity.Bucket(BoardEntity.DepartmentScope("2A"), Now.AddDays(1 + i))),
                RowKey = BoardEntity.RowKeyOf(Now.AddDays(1 + i), $"test_page_{i:00}"),
                Source = "test", NoticeId = "page", LotId = $"L{i:00}", Title = $"Lot {i:00}", IsSocial = true, SocialProbability = 0.8,
                Deadline = Now.AddDays(1 + i),
            });
        }
        var first = await BoardAsync(storage, ("dep", "2A"));
        var titles = first.QuerySelectorAll("article.card h2").Select(h => h.TextContent.Plain()).ToList();
        Assert.Equal(["/"], first.QuerySelectorAll("header nav a[aria-current=page]").Select(a => a.GetAttribute("href")));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"Lot {i:00}"), titles);
        Assert.Contains("Clause d'insertion : probabilité estimée à 80", first.QuerySelector("article.card")!.TextContent.Plain());
        var next = first.QuerySelectorAll("nav.pager a").Single(a => a.TextContent.Plain() == "Page suivante").GetAttribute("href")!;
        var query = System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + next).Query);
        var second = await BoardAsync(storage, ("dep", query["dep"]), ("after", query["after"]));
        Assert.Equal(Enumerable.Range(20, 5).Select(i => $"Lot {i:00}"), second.QuerySelectorAll("article.card h2").Select(h => h.TextContent.Plain()));
        Assert.DoesNotContain(second.QuerySelectorAll("nav.pager a"), a => a.TextContent.Plain() == "Page suivante");

        var bad = await BoardAsync(storage, ("dep", "999"), ("kind", "x' or 1 eq 1"), ("cpv", "5"), ("before", "demain"));
        var alerts = bad.QuerySelectorAll("[role=alert]").Select(a => a.TextContent.Plain()).ToList();
        Assert.Equal(["Département inconnu : filtre ignoré.", "Type de clause inconnu : filtre ignoré.", "Division CPV invalide (deux chiffres) : filtre ignoré.", "Date limite invalide (AAAA-MM-JJ) : filtre ignoré."], alerts);
        // A region, a CPV division no list has, a cursor no "Page suivante" wrote: said, and the first page shown.
        // The calendar's last day is no limit (it once overflowed into a 500).
        var odd = await BoardAsync(storage, ("reg", "zz"), ("cpv", "99"), ("after", "xyz"), ("before", "9999-12-31"), ("dep", "2A"));
        Assert.Equal(["Région inconnue : filtre ignoré.", "Page demandée invalide : retour à la première page.", "Division CPV inconnue : filtre ignoré."], odd.QuerySelectorAll("[role=alert]").Select(a => a.TextContent.Plain()));
        Assert.Equal(titles, odd.QuerySelectorAll("article.card h2").Select(h => h.TextContent.Plain()));
        // A department of another region than the one chosen: said, the department's lots shown; its own region changes nothing.
        var other = await BoardAsync(storage, ("reg", "84"), ("dep", "2A"));
        Assert.Equal(["Corse-du-Sud (2A) n'est pas dans la région choisie : filtre de région ignoré."], other.QuerySelectorAll("[role=alert]").Select(a => a.TextContent.Plain()));
        Assert.Equal(titles, other.QuerySelectorAll("article.card h2").Select(h => h.TextContent.Plain()));
        Assert.Empty((await BoardAsync(storage, ("reg", "94"), ("dep", "2A"))).QuerySelectorAll("[role=alert]"));
    }

    [Fact]
    public async Task TheLotPageListsEveryMatchWithItsReasonsAndAnswers404ForAnUnknownLot()
    {
        const string id = "00790012-2026";
        var storage = await StoredSample.StoreAsync(azurite, id);
        var page = new LotPage(storage, StoredSample.Labels);

        var answer = await page.HandleAsync("ted", id, "LOT-0002", CancellationToken.None);
        Assert.Equal(200, answer.Status);
        var document = await ParseAsync(answer.Html);
        Assert.Equal("Blanchisserie et entretien du linge", document.QuerySelector("h1")!.TextContent.Plain());
        var matches = new List<MatchEntity>();
        await foreach (var m in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(MatchEntity.LotFilter("ted", id, "LOT-0002"))) matches.Add(m);
        Assert.NotEmpty(matches);
        var rows = document.QuerySelectorAll("table tbody tr");
        Assert.Equal(matches.Count, rows.Length);
        foreach (var m in matches)
        {
            var row = rows.Single(r => r.QuerySelector("a")!.GetAttribute("href") == $"https://annuaire-entreprises.data.gouv.fr/etablissement/{m.Siret}");
            Assert.Equal(m.Reasons.Split('\n').Length, row.QuerySelectorAll("ul.reasons li").Length);
            // The structure's department by name, as readers name it.
            Assert.Contains($"SIRET\u00A0{ClausesSociales.Structures.Siret.InFrench(m.Siret)} · {LotCards.Place(m.Department)}", row.TextContent.Plain());
            Assert.Contains($"({m.Department})", row.TextContent.Plain());
            // The kind spelled out for the buyer, on a phone too: "EI" is an entreprise d'insertion, not an entreprise individuelle.
            Assert.Equal(ClausesSociales.Structures.StructureKinds.InFrench(Enum.Parse<ClausesSociales.Structures.StructureKind>(m.Kind)), row.QuerySelector("td[data-label=Type]")!.TextContent.Plain());
        }
        Assert.Contains(matches, m => m.Kind is "EI" or "ACI" or "ESAT" or "EA");
        Assert.Contains("Clause environnementale : déclarée par l'acheteur", document.Body!.TextContent.Plain());
        Assert.Contains(document.QuerySelectorAll("p.meta"), p => p.TextContent.Plain() == $"Avis {id}, lot LOT-0002 · publié au JOUE (TED) le 13 novembre 2026");
        // A BOAMP notice read from its web page is a BOAMP notice; a buyer's own page is the buyer's.
        Assert.Equal("publié au BOAMP", LotCards.PublishedIn("html", "https://www.boamp.fr/pages/avis/?q=idweb:26-104233"));
        Assert.Equal("publié sur le site de l'acheteur", LotCards.PublishedIn("html", "https://marches.montreuil.fr/avis/12"));
        Assert.Equal("publié au BOAMP", LotCards.PublishedIn("boamp", "javascript:alert(1)"));

        Assert.Equal(404, (await page.HandleAsync("ted", id, "LOT-9999", CancellationToken.None)).Status);
    }
}

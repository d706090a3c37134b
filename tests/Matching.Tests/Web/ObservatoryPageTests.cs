using AngleSharp;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

/// <summary>The observatory on the site: a facilitator chooses a territory and a period, and reads its report.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ObservatoryPageTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AFacilitatorChoosesATerritoryAndAPeriodAndReadsItsReport()
    {
        // The sample notice of the Métropole de Lyon, published in November 2026, performed in the Rhône.
        const string id = "00790077-2026";
        var storage = await StoredSample.StoreAsync(azurite, id);
        var page = new ObservatoryPage(storage, StoredSample.Labels, new StoredSample.FixedClock(Now));
        var context = BrowsingContext.New(Configuration.Default);

        // No choice yet: the form, a year up to today by default.
        var form = await page.HandleAsync(new Dictionary<string, string?>(), CancellationToken.None);
        Assert.Equal(200, form.Status);
        var document = await context.OpenAsync(r => r.Content(form.Html));
        Assert.Equal("Observatoire des territoires", document.QuerySelector("h1")!.TextContent);
        // The first link skips the header to the page's content.
        Assert.Equal("#contenu", document.QuerySelector("body > a")!.GetAttribute("href"));
        Assert.NotNull(document.QuerySelector("main#contenu"));
        // The header marks the section open, and only it.
        Assert.Equal(["/observatoire"], document.QuerySelectorAll("header nav a[aria-current=page]").Select(a => a.GetAttribute("href")));
        Assert.Contains(document.QuerySelectorAll("#dep option"), o => o.GetAttribute("value") == "69" && o.TextContent == "69 Rhône");
        Assert.Contains(document.QuerySelectorAll("#reg option"), o => o.GetAttribute("value") == "84" && o.TextContent == "Auvergne-Rhône-Alpes");
        // The 101 departments and 18 regions, with "—" first in each list.
        Assert.Equal(102, document.QuerySelectorAll("#dep option").Length);
        Assert.Equal(19, document.QuerySelectorAll("#reg option").Length);
        Assert.Equal("2025-11-20", document.QuerySelector("#du")!.GetAttribute("value"));
        Assert.Equal("2026-11-20", document.QuerySelector("#au")!.GetAttribute("value"));

        // The Rhône over 2026: the report, with the way back to the form.
        var report = await page.HandleAsync(new Dictionary<string, string?> { ["dep"] = "69", ["du"] = "2026-01-01", ["au"] = "2026-12-31" }, CancellationToken.None);
        Assert.Equal(200, report.Status);
        var read = await context.OpenAsync(r => r.Content(report.Html));
        Assert.Equal("Observatoire territorial des clauses sociales — Rhône (69)", read.QuerySelector("h1")!.TextContent);
        Assert.StartsWith("Période du 1er janvier 2026 au 31 décembre 2026", read.QuerySelector("p.meta + p.meta, h1 + p.meta")!.TextContent);
        var back = Assert.Single(read.QuerySelectorAll("a"), a => a.TextContent == "Autre territoire ou période").GetAttribute("href")!;
        Assert.Equal($"{ObservatoryPage.Path}?modifier=1&dep=69&du=2026-01-01&au=2026-12-31", back);
        // It comes back to the form filled with the report's choices.
        var backQuery = System.Web.HttpUtility.ParseQueryString(back[(back.IndexOf('?') + 1)..]);
        var form2 = await page.HandleAsync(backQuery.AllKeys.ToDictionary(k => k!, k => (string?)backQuery[k]), CancellationToken.None);
        var again = await context.OpenAsync(r => r.Content(form2.Html));
        Assert.Equal("Observatoire des territoires", again.QuerySelector("h1")!.TextContent);
        Assert.Equal("69", again.QuerySelector("#dep option[selected]")!.GetAttribute("value"));
        Assert.Equal("2026-01-01", again.QuerySelector("#du")!.GetAttribute("value"));
        Assert.Contains(read.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/" && a.TextContent == "ClausesSociales");
        // The figures `clauses observatory` computes from the same stored lots: the sample's lots among those performed there.
        var (from, to) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31));
        var split = ClausesSociales.Territories.AdministrativeSplit.Instance;
        var figures = new ClausesSociales.Observatory.ObservatoryBuilder(new ClausesSociales.Territories.PlaceResolver(split), StoredSample.Labels, new StoredSample.FixedClock(Now))
            .Build(ClausesSociales.Territories.Territory.Parse("DEP:69", split), from, to, await ClausesSociales.Observatory.ObservatoryInputs.LoadAsync(storage, from, to, CancellationToken.None));
        Assert.True(figures.Performed.Lots >= (await storage.LotsOfAsync("ted", id, CancellationToken.None)).Count);
        Assert.Equal($"{figures.Published.Lots}{(figures.Published.Lots < 2 ? "lot publié" : "lots publiés")} par les acheteurs du territoire", read.QuerySelectorAll(".kpi")[0].TextContent);
        // A missed opportunity opens its lot's page on the site.
        Assert.NotEmpty(read.QuerySelectorAll(".missed > b > a"));
        Assert.All(read.QuerySelectorAll(".missed > b > a"), a => Assert.StartsWith("/lots/", a.GetAttribute("href")));

        // What a facilitator can get wrong is said, the form kept.
        foreach (var (query, message) in new[]
        {
            (new Dictionary<string, string?> { ["dep"] = "999" }, "Département inconnu."),
            // Overseas collectivities of the official split are no department or region of the notices and the directory.
            (new Dictionary<string, string?> { ["dep"] = "975" }, "Département inconnu."),
            (new Dictionary<string, string?> { ["reg"] = "975" }, "Région inconnue."),
            (new Dictionary<string, string?> { ["dep"] = "69", ["du"] = "2026-12-31", ["au"] = "2026-01-01" }, "La fin de la période précède son début."),
            (new Dictionary<string, string?> { ["dep"] = "69", ["du"] = "2010-01-01", ["au"] = "2026-01-01" }, "La période dépasse 5 ans : choisissez-en une plus courte."),
            (new Dictionary<string, string?> { ["dep"] = "69", ["du"] = "hier" }, "Date « hier » invalide (AAAA-MM-JJ)."),
            (new Dictionary<string, string?> { ["dep"] = "", ["reg"] = "" }, "Choisissez un département ou une région."),
            (new Dictionary<string, string?> { ["dep"] = "69", ["reg"] = "11" }, "Choisissez un département ou une région, pas les deux : remettez l'autre liste sur « — »."),
        })
        {
            var refused = await page.HandleAsync(query, CancellationToken.None);
            Assert.Equal(400, refused.Status);
            var alerts = (await context.OpenAsync(r => r.Content(refused.Html))).QuerySelectorAll("[role=alert]").Select(a => a.TextContent.Plain()).ToList();
            Assert.Contains(message, alerts);
        }
    }
}

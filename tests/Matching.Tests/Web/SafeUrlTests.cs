using ClausesSociales.Digests;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// A notice's address comes from its publisher: digests, alerts and pages make a link of it only
/// when it is an absolute http(s) address, through the one helper <see cref="SafeUrl"/>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SafeUrlTests(AzuriteFixture azurite)
{
    private const string Key = "a-test-signing-key-of-enough-length";
    private const string Lyon = "20004697700019";
    private const string Esat = "90012345600007";
    private const string Hostile = "00790001-2026";
    private const string Honest = "00790002-2026";
    private const string HostileUrl = "JavaScript:alert(document.cookie)//https://www.boamp.fr/";
    private const string HonestUrl = "https://www.boamp.fr/pages/avis/?q=idweb:26-00790002";

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData(" JAVASCRIPT:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://example.org/avis.pdf")]
    [InlineData("//evil.example/avis")]
    [InlineData("/pages/avis")]
    [InlineData("https://")]
    [InlineData("")]
    public void DropsEveryAddressThatIsNotAnAbsoluteHttpUrl(string url) => Assert.Null(SafeUrl.Http(url));

    [Theory]
    [InlineData("https://ted.europa.eu/fr/notice/-/detail/712345-2026", "https://ted.europa.eu/fr/notice/-/detail/712345-2026")]
    [InlineData(" http://www.boamp.fr/avis/detail/26-1234 ", "http://www.boamp.fr/avis/detail/26-1234")]
    [InlineData("HTTPS://Marches.Example.fr/a b", "https://marches.example.fr/a%20b")]
    public void KeepsHttpAddressesNormalised(string url, string expected) => Assert.Equal(expected, SafeUrl.Http(url));

    [Fact]
    public void PagesEscapeTheAddressTheyLinkAndShowTheTextOfAnyOther()
    {
        Assert.Equal("Voir l&#39;avis", Html.Link("javascript:alert(1)", "Voir l'avis"));
        Assert.Equal("<a href=\"https://a.example/?x=1&amp;y=%22\" rel=\"noopener noreferrer\">avis</a>", Html.Link("https://a.example/?x=1&y=\"", "avis"));
    }

    [Fact]
    public async Task DigestsAlertsAndTheLotPageNeverLinkAScriptAddressOfARealNotice()
    {
        var storage = await StoredSample.StoreAsync(azurite, Hostile, url: HostileUrl);
        await StoredSample.StoreAsync(azurite, Honest, url: HonestUrl);
        var links = new SignedLinks(Key, "https://clauses.example");
        var renderer = new DigestRenderer();

        // The buyer's digest: the honest notice's link is there, the hostile one is not, in neither part.
        var digest = await new DigestBuilder(storage, StoredSample.Labels, links).BuildAsync(SubscriptionEntity.Buyer(Lyon, "Métropole de Lyon", "achats@grandlyon.example", []), "2026-W47", CancellationToken.None);
        var lots = digest.Sections.SelectMany(s => s.Lots).ToList();
        Assert.Contains(lots, l => l.NoticeId == Hostile);
        Assert.All(lots.Where(l => l.NoticeId == Hostile), l => Assert.Null(l.Url));
        Assert.All(lots.Where(l => l.NoticeId == Honest), l => Assert.Equal(HonestUrl, l.Url));
        var (html, text) = renderer.Render(digest);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"href=\"{HonestUrl.Replace("=", "&#x3D;")}\"", html);

        // The ESAT's alert, written to blobs when no SMTP server is set.
        await storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(SubscriptionEntity.Structure(Esat, "ESAT Les Ateliers du Rhône", "contact@ateliers-rhone.example", "immediate"));
        var now = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        var alerts = new AlertsHandler(storage, renderer, links, null, new StoredSample.FixedClock(now), NullLogger<AlertsHandler>.Instance);
        await alerts.HandleAsync(CancellationToken.None);
        var alert = (await storage.Container(StorageNames.Digests).GetBlobClient($"{Esat}/alert-{now:yyyyMMdd'T'HHmm}.html").DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("Préparation et livraison des repas", alert);
        Assert.DoesNotContain("javascript:", alert, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("www.boamp.fr/pages/avis", alert);

        // The lot page.
        var page = new LotPage(storage, StoredSample.Labels);
        var hostile = await page.HandleAsync("ted", Hostile, "LOT-0001", CancellationToken.None);
        Assert.DoesNotContain("javascript:", hostile.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Lien vers l'avis non disponible", System.Net.WebUtility.HtmlDecode(hostile.Html));
        var honest = await page.HandleAsync("ted", Honest, "LOT-0001", CancellationToken.None);
        Assert.Contains("href=\"https://www.boamp.fr/pages/avis/?q=idweb:26-00790002\"", honest.Html);
    }
}

using ClausesSociales.Cli;
using ClausesSociales.Storage;

namespace ClausesSociales.Tests.Web.Browser;

/// <summary>Debian's chromium, driven by Playwright, renders the board `clauses host` serves.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChromiumTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-browser-").FullName;

    [Fact]
    public async Task OpensTheBoardAndFollowsALotLink()
    {
        const string id = "00790131-2026";
        await StoredSample.StoreAsync(azurite, id);
        var port = Loopback.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var app = TestSite.Build(azurite, _folder, baseUrl);
        await app.StartAsync();
        try
        {
            await using var browser = await Chromium.LaunchAsync();
            var page = await browser.NewPageAsync();
            var response = await page.GotoAsync($"{baseUrl}/?dep=69");
            Assert.Equal(200, response!.Status);
            var link = page.Locator($"a[href*='/lots/ted/{id}/LOT-0001']").First;
            await link.ClickAsync();
            await page.WaitForURLAsync($"**/lots/ted/{id}/LOT-0001");
            Assert.Equal("fr", await page.GetAttributeAsync("html", "lang"));
        }
        finally
        {
            await StoredSample.StopAsync(app);
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

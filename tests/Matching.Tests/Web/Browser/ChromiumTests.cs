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
        var settings = new Settings(new Dictionary<string, string?>
        {
            [nameof(ClausesSocialesOptions.UnsubscribeKey)] = "a-test-signing-key-of-enough-length",
            [nameof(ClausesSocialesOptions.DigestFolder)] = _folder,
            [nameof(ClausesSocialesOptions.PublicBaseUrl)] = baseUrl,
            [nameof(ClausesSocialesOptions.CodeListsPath)] = SharedData.Path("eforms-sdk"),
        }, azurite.ConnectionString);
        var never = HostCommand.DefaultSchedules.ToDictionary(s => s.Key, _ => "0 0 0 1 1 *");
        var app = HostCommand.Build(settings, azurite.ConnectionString, baseUrl, never);
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

using ClausesSociales.Cli;
using ClausesSociales.Storage;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// `clauses host` serves the board, the lot pages and the e-mail links' confirmation pages, each
/// with the security headers: a policy allowing no script and no framing, X-Frame-Options DENY,
/// no referrer.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostPagesTests(AzuriteFixture azurite) : IDisposable
{
    private const string Key = TestSite.Key;
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-pages-").FullName;

    [Fact]
    public async Task EveryPageIsServedWithTheSecurityHeaders()
    {
        const string id = "00790021-2026";
        await StoredSample.StoreAsync(azurite, id);
        var port = Loopback.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var app = TestSite.Build(azurite, _folder, baseUrl);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        var pages = new (string Path, int Status)[]
        {
            ("/?dep=69", 200),
            ($"/lots/ted/{id}/LOT-0001", 200),
            ("/lots/ted/unknown/LOT-0001", 404),
            ("/api/unsubscribe?kind=buyer&id=20004697700019&email=achats%40grandlyon.example&token=forged", 403),
            ("/api/feedback?buyer=x&token=forged", 400),
        };
        foreach (var (path, status) in pages)
        {
            using var response = await http.GetAsync(path);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", policy);
            Assert.Contains("default-src 'none'", policy);
            Assert.DoesNotContain("script-src", policy);
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.DoesNotContain("<script", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains($"/lots/ted/{id}/LOT-0001", await http.GetStringAsync("/?dep=69"));
        await StoredSample.StopAsync(app);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

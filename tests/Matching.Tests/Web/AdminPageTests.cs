using System.Net;
using System.Net.Sockets;
using AngleSharp;
using ClausesSociales.Cli;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// The admin console of `clauses host` shows the quarantine (a real notice truncated at run time)
/// to a request from the machine itself, and refuses the same route from another address.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AdminPageTests(AzuriteFixture azurite) : IDisposable
{
    private const string Key = TestSite.Key;
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-admin-").FullName;

    /// <summary>An address of this machine that is not loopback, so that a request from it is not one from "the machine itself".</summary>
    internal static IPAddress OutsideAddress() =>
        Dns.GetHostAddresses(Dns.GetHostName()).Concat(System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses.Select(u => u.Address)))
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? throw new InvalidOperationException("this machine has no IPv4 address besides loopback: the refusal of a remote admin request cannot be tested");

    [Fact]
    public async Task ShowsTheQuarantineOnLoopbackAndRefusesAnyOtherAddress()
    {
        var storage = azurite.Storage();
        var blob = $"ted/2026/11/20/admin-truncated-{Guid.NewGuid():N}.xml";
        var xml = StoredSample.Xml("00790031-2026");
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        Assert.False((await parse.HandleAsync(blob, BinaryData.FromString(xml[..(xml.Length / 2)]), CancellationToken.None)).Success);

        var port = Loopback.FreePort();
        var app = TestSite.Build(azurite, _folder, $"http://127.0.0.1:{port}", listenUrl: $"http://0.0.0.0:{port}");
        await app.StartAsync();
        using var http = new HttpClient();

        using var local = await http.GetAsync($"http://127.0.0.1:{port}/admin");
        Assert.Equal(200, (int)local.StatusCode);
        var html = await local.Content.ReadAsStringAsync();
        Assert.Contains(WebUtility.HtmlEncode(blob), html);
        Assert.Contains($"quarantine/{blob}", html);
        Assert.Equal("DENY", Assert.Single(local.Headers.GetValues("X-Frame-Options")));
        // Each source's collection: a day in words, or that the collector has not run (notices ingested by hand do not count).
        var collected = await BrowsingContextFor(html);
        Assert.All(collected.QuerySelectorAll("td[data-label='Dernier jour collecté']"), td => Assert.Matches(@"^(pas encore de collecte automatique \(les avis importés n'y comptent pas\)|(1er|\d{1,2}) \p{L}+ \d{4})$", td.TextContent.Plain()));
        Assert.Equal(2, collected.QuerySelectorAll("td[data-label='Dernier jour collecté']").Length);

        using var remote = await http.GetAsync($"http://{OutsideAddress()}:{port}/admin");
        Assert.Equal(403, (int)remote.StatusCode);
        Assert.DoesNotContain(WebUtility.HtmlEncode(blob), await remote.Content.ReadAsStringAsync());
        // The public pages stay open to everyone.
        using var board = await http.GetAsync($"http://{OutsideAddress()}:{port}/");
        Assert.Equal(200, (int)board.StatusCode);
        await StoredSample.StopAsync(app);
    }

    private static Task<AngleSharp.Dom.IDocument> BrowsingContextFor(string html) =>
        BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

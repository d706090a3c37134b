using System.Text.Json.Nodes;
using System.Web;
using ClausesSociales.Collection;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Collection;

/// <summary>The BOAMP client against a local server answering with the real API records, pages of 2, and a 503 first.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BoampCollectorTests(AzuriteFixture azurite) : IDisposable
{
    private TestHttpServer? _server;
    private int _failuresLeft = 1;

    private string Start()
    {
        var records = JsonNode.Parse(File.ReadAllText(SharedData.Path("boamp-api-jpbenga", "boamp-where-date.json")))!["data"]!["results"]!.AsArray();
        _server = new TestHttpServer(async context =>
        {
            if (Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                context.Response.StatusCode = 503;
                return;
            }
            var query = HttpUtility.ParseQueryString(context.Request.Url!.Query);
            var limit = int.Parse(query["limit"]!);
            var offset = int.Parse(query["offset"]!);
            var page = new JsonObject { ["total_count"] = records.Count, ["results"] = new JsonArray(records.Skip(offset).Take(limit).Select(r => r!.DeepClone()).ToArray()) };
            await TestHttpServer.WriteAsync(context, "application/json", page.ToJsonString());
        });
        return _server.BaseUrl;
    }

    [Fact]
    public async Task CollectsEveryPageOnceRetriesTransientErrorsAndResumesFromItsCursor()
    {
        var baseUrl = Start();
        var storage = azurite.Storage();
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        var options = new BoampCollectorOptions { BaseUrl = baseUrl, PageSize = 2, PauseBetweenPages = TimeSpan.Zero, FirstRetryDelay = TimeSpan.FromMilliseconds(10) };
        using var http = new HttpClient();
        var collector = new BoampCollector(http, storage, parse, options, NullLogger<BoampCollector>.Instance);

        var first = await collector.CollectAsync(new DateOnly(2026, 1, 1), CancellationToken.None);
        var second = await collector.CollectAsync(new DateOnly(2026, 1, 1), CancellationToken.None);

        Assert.Equal(3, first.Pages);
        Assert.Equal(5, first.Records);
        Assert.Equal(5, first.Stored);
        Assert.Equal(5, first.Parsed);
        Assert.Equal(0, second.Stored);
        Assert.Equal(new DateOnly(2026, 1, 21), second.Since);
        Assert.Contains(_server!.Requests, r => r.Contains("offset=4", StringComparison.Ordinal));
        Assert.Equal(1 + 3 + 3, _server!.Requests.Count);
        Assert.True((await storage.RawNotices.GetBlobClient("boamp/2026/01/21/26-7308.json").ExistsAsync()).Value);
        var tender = (await storage.Tenders.GetEntityAsync<TenderEntity>("boamp", "26-7308")).Value;
        Assert.Equal("URSSAF NORMANDIE", tender.BuyerName);
    }

    public void Dispose() => _server?.Dispose();
}

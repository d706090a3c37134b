using System.Text.Json.Nodes;
using ClausesSociales.Collection;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Collection;

/// <summary>
/// A TED search API on a local server: five real French eForms notices (by default the first five,
/// published 2026-11-01 to 2026-11-05), answered in pages after one 429; the fourth notice's XML
/// can be made to answer 404.
/// </summary>
public sealed class FakeTedApi : IDisposable
{
    private static readonly string[] French = SharedData.Files(Path.Combine("ted-xml-data-converter", "development-notices", "eforms-xml"))
        .Where(f => File.ReadAllText(f).Contains("FRA</cbc:IdentificationCode>", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    public static readonly string[] Files = French.Take(5).ToArray();

    private readonly List<string> _queries = [];
    private readonly TestHttpServer _server;
    private int _throttled = 1;

    /// <param name="skip">How many French notices to pass over, for a set of notices of its own.</param>
    /// <param name="firstDay">Publication day of the first notice (default 2026-11-01), one day apart.</param>
    public FakeTedApi(int skip = 0, DateOnly? firstDay = null)
    {
        var files = French.Skip(skip).Take(5).ToArray();
        var day = firstDay ?? new DateOnly(2026, 11, 1);
        _server = new TestHttpServer(async context =>
        {
            var path = context.Request.Url!.AbsolutePath;
            if (path == "/v3/notices/search")
            {
                if (Interlocked.Decrement(ref _throttled) >= 0)
                {
                    context.Response.StatusCode = 429;
                    return;
                }
                var body = JsonNode.Parse(await new StreamReader(context.Request.InputStream).ReadToEndAsync())!;
                lock (_queries) _queries.Add(body["query"]!.GetValue<string>());
                var (page, limit) = (body["page"]!.GetValue<int>(), body["limit"]!.GetValue<int>());
                var notices = files.Select((f, i) => new JsonObject
                {
                    ["publication-number"] = Number(f),
                    ["publication-date"] = $"{day.AddDays(i):yyyy-MM-dd}+01:00",
                    ["links"] = new JsonObject { ["xml"] = new JsonObject { ["MUL"] = $"{_server!.BaseUrl}en/notice/{Number(f)}/xml" } },
                }).Skip((page - 1) * limit).Take(limit);
                await TestHttpServer.WriteAsync(context, "application/json", new JsonObject { ["notices"] = new JsonArray(notices.ToArray<JsonNode>()), ["totalNoticeCount"] = files.Length }.ToJsonString());
                return;
            }
            var number = path.Split('/')[3];
            var file = files.Single(f => Number(f) == number);
            if (MissingXml && file == files[3])
            {
                context.Response.StatusCode = 404;
                return;
            }
            await TestHttpServer.WriteAsync(context, "application/xml", await File.ReadAllTextAsync(file));
        });
    }

    public string BaseUrl => _server.BaseUrl;
    public volatile bool MissingXml = true;

    public IReadOnlyList<string> Queries
    {
        get { lock (_queries) return _queries.ToList(); }
    }

    /// <summary>"19-090974-001-EXP.xml" is TED publication 090974-2019.</summary>
    public static string Number(string file)
    {
        var parts = Path.GetFileNameWithoutExtension(file).Split('-');
        return $"{parts[1]}-20{parts[0]}";
    }

    public TedCollectorOptions Options(int pageSize) => new()
    {
        ApiUrl = BaseUrl, PageSize = pageSize, PauseBetweenPages = TimeSpan.Zero, PauseBetweenNotices = TimeSpan.Zero, FirstRetryDelay = TimeSpan.FromMilliseconds(10), MaxAttempts = 2,
    };

    public void Dispose() => _server.Dispose();
}

/// <summary>The TED client against <see cref="FakeTedApi"/>, pages of 2.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TedCollectorTests(AzuriteFixture azurite) : IDisposable
{
    private readonly FakeTedApi _ted = new();
    private static string[] Files => FakeTedApi.Files;
    private static string Number(string file) => FakeTedApi.Number(file);

    [Fact]
    public async Task CollectsFrenchNoticesPageByPageKeepsWhatFailsAndResumesWhereItFailed()
    {
        Assert.Equal(5, Files.Length);
        var storage = azurite.Storage();
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        using var http = new HttpClient();
        var collector = new TedCollector(http, storage, parse, _ted.Options(pageSize: 2), NullLogger<TedCollector>.Instance);

        var first = await collector.CollectAsync(new DateOnly(2026, 11, 1), CancellationToken.None);

        Assert.Equal(3, first.Pages);
        Assert.Equal(5, first.Records);
        Assert.Equal(4, first.Stored);
        Assert.Equal(4, first.Parsed);
        Assert.Contains(TedCollector.Query(new DateOnly(2026, 11, 1), "FRA"), _ted.Queries);
        Assert.StartsWith("buyer-country=FRA AND publication-date>=20261101", _ted.Queries[0]);
        Assert.True((await storage.RawNotices.GetBlobClient($"ted/2026/11/01/{Number(Files[0])}.xml").ExistsAsync()).Value);
        var error = (await storage.Errors.GetEntityAsync<ErrorEntity>(CollectNoticesHandler.Stage, $"ted-{Number(Files[3])}")).Value;
        Assert.Contains("404", error.Reason);
        Assert.All(first.Notices, n => Assert.Equal("ted", n.Source));
        foreach (var (source, noticeId) in first.Notices)
        {
            Assert.True((await storage.Tenders.GetEntityIfExistsAsync<TenderEntity>(source, noticeId)).HasValue);
        }

        // The next run resumes from the day that failed, not after the last day seen, and stores only what it lacks.
        _ted.MissingXml = false;
        var second = await collector.CollectAsync(new DateOnly(2026, 11, 1), CancellationToken.None);
        Assert.Equal(new DateOnly(2026, 11, 4), second.Since);
        Assert.Equal(1, second.Stored);
        Assert.True((await storage.RawNotices.GetBlobClient($"ted/2026/11/04/{Number(Files[3])}.xml").ExistsAsync()).Value);
        var third = await collector.CollectAsync(new DateOnly(2026, 11, 1), CancellationToken.None);
        Assert.Equal(new DateOnly(2026, 11, 5), third.Since);
        Assert.Equal(0, third.Stored);
    }

    public void Dispose() => _ted.Dispose();
}

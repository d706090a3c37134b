using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Collection;

/// <summary>
/// CollectNotices for TED: asks the TED search API (v3, expert query) for the notices of French
/// buyers published since a date, page by page, downloads each one's XML (eForms, or TED XML for
/// older notices) and stores it once as ted/{yyyy}/{MM}/{dd}/{publicationNumber}.xml. Same
/// politeness, retries and cursor as the BOAMP collector (<see cref="CollectionSteps"/>).
/// </summary>
public sealed class TedCollector(HttpClient http, ClausesStorage storage, ParseNoticeHandler parse, TedCollectorOptions options, ILogger<TedCollector> logger)
{
    public const string Source = "ted";
    private readonly CollectionSteps _steps = new(http, storage, parse, options.MaxAttempts, options.FirstRetryDelay, logger);

    public static string Query(DateOnly since, string country) =>
        $"buyer-country={country} AND publication-date>={since:yyyyMMdd} SORT BY publication-date ASC";

    /// <param name="parseNow">Parse each new notice at once (the CLI); the Functions app leaves it to the ParseNotice blob trigger.</param>
    public async Task<CollectSummary> CollectAsync(DateOnly since, CancellationToken cancellationToken, bool parseNow = true)
    {
        since = await _steps.ResumeAsync(Source, since, cancellationToken);
        int pages = 0, records = 0;
        var stored = new List<StoredNotice>();
        DateOnly? latest = null, failedDay = null;
        var search = $"{options.ApiUrl.TrimEnd('/')}/v3/notices/search";
        for (var page = 1; ; page++)
        {
            var body = new JsonObject
            {
                ["query"] = Query(since, options.BuyerCountry),
                ["fields"] = new JsonArray("publication-number", "publication-date"),
                ["page"] = page,
                ["limit"] = options.PageSize,
                ["scope"] = "ALL",
                ["paginationMode"] = "PAGE_NUMBER",
            };
            var answer = await _steps.GetJsonAsync("TED", () => new HttpRequestMessage(HttpMethod.Post, search) { Content = JsonContent.Create(body) }, cancellationToken);
            pages++;
            var notices = answer["notices"] as JsonArray ?? [];
            foreach (var notice in notices.OfType<JsonObject>())
            {
                records++;
                if (notice["publication-number"]?.GetValue<string>() is not { Length: > 0 } number) continue;
                var day = PublicationDay(notice["publication-date"]) ?? since;
                latest = latest is null || day > latest ? day : latest;
                var name = RawNoticeNames.For(Source, day, number, "xml");
                var xmlUrl = notice["links"]?["xml"]?["MUL"]?.GetValue<string>() ?? $"{options.NoticeUrl.TrimEnd('/')}/en/notice/{number}/xml";
                try
                {
                    var fetched = await _steps.StoreNewAsync(name, async () => BinaryData.FromString(await _steps.SendAsync("TED", () => new HttpRequestMessage(HttpMethod.Get, xmlUrl), cancellationToken)),
                        parseNow, cancellationToken);
                    if (fetched is null) continue;
                    stored.Add(fetched);
                }
                catch (HttpRequestException ex)
                {
                    // One notice that cannot be fetched does not stop the others; the cursor stays at its day so the next run tries again.
                    logger.LogWarning("TED notice {Number} could not be fetched from {Url}: {Message}", number, xmlUrl, ex.Message);
                    await _steps.RecordFailureAsync(Source, number, $"XML not fetched from {xmlUrl}: {ex.Message}", cancellationToken);
                    failedDay = failedDay is null || day < failedDay ? day : failedDay;
                    continue;
                }
                await Task.Delay(options.PauseBetweenNotices, cancellationToken);
            }
            var total = answer["totalNoticeCount"]?.GetValue<int>() ?? 0;
            if (notices.Count < options.PageSize || page * options.PageSize >= total || pages >= options.MaxPages) break;
            await Task.Delay(options.PauseBetweenPages, cancellationToken);
        }

        await _steps.SaveCursorAsync(Source, failedDay is { } failed && failed < latest ? failed : latest, cancellationToken);
        var summary = new CollectSummary(Source, since, pages, records, stored);
        logger.LogInformation("TED since {Since}: {Pages} pages, {Records} notices, {Stored} new, {Parsed} parsed", since, pages, records, summary.Stored, summary.Parsed);
        return summary;
    }

    /// <summary>TED gives dates as "2026-11-02+01:00" (or a list of them).</summary>
    private static DateOnly? PublicationDay(JsonNode? value)
    {
        var text = value is JsonArray list ? list.FirstOrDefault()?.GetValue<string>() : value?.GetValue<string>();
        return text is { Length: >= 10 } && DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
    }
}

public sealed class TedCollectorOptions : CollectorOptions
{
    public string ApiUrl { get; set; } = "https://api.ted.europa.eu";
    public string NoticeUrl { get; set; } = "https://ted.europa.eu";
    /// <summary>ISO 3166-1 alpha-3 code of the buyers' country.</summary>
    public string BuyerCountry { get; set; } = "FRA";
    public TimeSpan PauseBetweenNotices { get; set; } = TimeSpan.FromMilliseconds(200);
}

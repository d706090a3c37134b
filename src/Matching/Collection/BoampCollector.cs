using System.Globalization;
using System.Text.Json.Nodes;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Collection;

/// <summary>
/// CollectNotices for BOAMP: pages through the open-data API from a date, stores each record as a
/// raw-notice blob (boamp/{yyyy}/{MM}/{dd}/{idweb}.json) and runs ParseNotice on the new ones.
/// Polite (a pause between pages), patient (retries with exponential backoff on 429, 5xx and
/// network errors) and resumable: the last publication date fully collected is kept in the Runs
/// table, and the next run starts from it. Records already stored are left as they are.
/// </summary>
public sealed class BoampCollector(HttpClient http, ClausesStorage storage, ParseNoticeHandler parse, BoampCollectorOptions options, ILogger<BoampCollector> logger)
{
    public const string Source = "boamp";
    private readonly CollectionSteps _steps = new(http, storage, parse, options.MaxAttempts, options.FirstRetryDelay, logger);

    /// <param name="parseNow">Parse each new notice at once (the CLI); the Functions app leaves it to the ParseNotice blob trigger.</param>
    public async Task<CollectSummary> CollectAsync(DateOnly since, CancellationToken cancellationToken, bool parseNow = true)
    {
        since = await _steps.ResumeAsync(Source, since, cancellationToken);
        int pages = 0, records = 0;
        var stored = new List<StoredNotice>();
        DateOnly? latest = null;
        for (var offset = 0; ; offset += options.PageSize)
        {
            var url = $"{options.BaseUrl.TrimEnd('/')}/api/explore/v2.1/catalog/datasets/boamp/records?limit={options.PageSize}&offset={offset}"
                + $"&order_by=dateparution&where={Uri.EscapeDataString($"dateparution >= date'{since:yyyy-MM-dd}'")}";
            var page = await _steps.GetJsonAsync("BOAMP", () => new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);
            pages++;
            var results = (page["results"] ?? page["data"]?["results"]) as JsonArray ?? [];
            foreach (var record in results.OfType<JsonObject>())
            {
                records++;
                var idweb = record["idweb"]?.GetValue<string>();
                if (idweb is null) continue;
                var day = DateOnly.TryParse(record["dateparution"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var d) ? d : since;
                latest = latest is null || day > latest ? day : latest;
                var name = RawNoticeNames.For(Source, day, idweb, "json");
                if (await _steps.StoreNewAsync(name, BinaryData.FromString(record.ToJsonString()), parseNow, cancellationToken) is { } notice) stored.Add(notice);
            }
            var total = page["total_count"]?.GetValue<int>() ?? page["data"]?["total_count"]?.GetValue<int>() ?? 0;
            if (results.Count < options.PageSize || offset + results.Count >= total || pages >= options.MaxPages) break;
            await Task.Delay(options.PauseBetweenPages, cancellationToken);
        }

        await _steps.SaveCursorAsync(Source, latest, cancellationToken);
        var summary = new CollectSummary(Source, since, pages, records, stored);
        logger.LogInformation("BOAMP since {Since}: {Pages} pages, {Records} records, {Stored} new, {Parsed} parsed", since, pages, records, summary.Stored, summary.Parsed);
        return summary;
    }
}

public sealed class BoampCollectorOptions : CollectorOptions
{
    public string BaseUrl { get; set; } = "https://boamp-datadila.opendatasoft.com";
}

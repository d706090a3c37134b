using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
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
    private const string CursorPartition = "collect-boamp";

    public async Task<CollectSummary> CollectAsync(DateOnly since, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var runs = storage.Table(StorageNames.Runs);
        var cursor = await runs.GetEntityIfExistsAsync<TableEntity>(CursorPartition, "cursor", cancellationToken: cancellationToken);
        if (cursor.HasValue && DateOnly.TryParse(cursor.Value!.GetString("Date"), CultureInfo.InvariantCulture, out var resumed) && resumed > since) since = resumed;

        int pages = 0, records = 0, stored = 0, parsed = 0;
        DateOnly? latest = null;
        for (var offset = 0; ; offset += options.PageSize)
        {
            var url = $"{options.BaseUrl.TrimEnd('/')}/api/explore/v2.1/catalog/datasets/boamp/records?limit={options.PageSize}&offset={offset}"
                + $"&order_by=dateparution&where={Uri.EscapeDataString($"dateparution >= date'{since:yyyy-MM-dd}'")}";
            var page = await GetWithRetriesAsync(url, cancellationToken);
            pages++;
            var results = (page["results"] ?? page["data"]?["results"]) as JsonArray ?? [];
            foreach (var record in results.OfType<JsonObject>())
            {
                records++;
                var idweb = record["idweb"]?.GetValue<string>();
                if (idweb is null) continue;
                var day = DateOnly.TryParse(record["dateparution"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var d) ? d : since;
                latest = latest is null || day > latest ? day : latest;
                var name = RawNoticeNames.For("boamp", day, idweb, "json");
                var blob = storage.RawNotices.GetBlobClient(name);
                if (await blob.ExistsAsync(cancellationToken)) continue;
                var content = BinaryData.FromString(record.ToJsonString());
                await blob.UploadAsync(content, overwrite: false, cancellationToken);
                stored++;
                if ((await parse.HandleAsync(name, content, cancellationToken)).Success) parsed++;
            }
            var total = page["total_count"]?.GetValue<int>() ?? page["data"]?["total_count"]?.GetValue<int>() ?? 0;
            if (results.Count < options.PageSize || offset + results.Count >= total || pages >= options.MaxPages) break;
            await Task.Delay(options.PauseBetweenPages, cancellationToken);
        }

        // The last day may still receive notices: resume from it, not after it.
        if (latest is { } last)
        {
            await runs.UpsertEntityAsync(new TableEntity(CursorPartition, "cursor") { ["Date"] = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken);
        }
        logger.LogInformation("BOAMP since {Since}: {Pages} pages, {Records} records, {Stored} new, {Parsed} parsed", since, pages, records, stored, parsed);
        return new CollectSummary(since, pages, records, stored, parsed);
    }

    private static bool IsTransient(HttpRequestException ex) =>
        ex.StatusCode is null or HttpStatusCode.TooManyRequests || ex.StatusCode >= HttpStatusCode.InternalServerError;

    private async Task<JsonNode> GetWithRetriesAsync(string url, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var response = await http.GetAsync(url, cancellationToken);
                if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                {
                    throw new HttpRequestException($"BOAMP answered {(int)response.StatusCode}", null, response.StatusCode);
                }
                response.EnsureSuccessStatusCode();
                return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) ?? throw new JsonException("empty answer");
            }
            catch (HttpRequestException ex) when (attempt < options.MaxAttempts && IsTransient(ex))
            {
                var delay = options.FirstRetryDelay * Math.Pow(2, attempt - 1);
                logger.LogWarning("BOAMP request failed ({Message}), attempt {Attempt}: retrying in {Delay}", ex.Message, attempt, delay);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }
}

public sealed class BoampCollectorOptions
{
    public string BaseUrl { get; set; } = "https://boamp-datadila.opendatasoft.com";
    public int PageSize { get; set; } = 100;
    public int MaxPages { get; set; } = 200;
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan PauseBetweenPages { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

public sealed record CollectSummary(DateOnly Since, int Pages, int Records, int Stored, int Parsed);

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
/// What every source's collector does the same way: ask an API patiently (retries with exponential
/// backoff on 429, 5xx and network errors), keep a per-source cursor (the last publication date
/// fully collected, in the Runs table), and store each notice once as a raw-notice blob, parsed at
/// once when the caller asks (the CLI) or left to the ParseNotice blob trigger (the Functions app).
/// </summary>
public sealed class CollectionSteps(HttpClient http, ClausesStorage storage, ParseNoticeHandler parse, int maxAttempts, TimeSpan firstRetryDelay, ILogger logger)
{
    public async Task<JsonNode> GetJsonAsync(string source, Func<HttpRequestMessage> request, CancellationToken cancellationToken) =>
        JsonNode.Parse(await SendAsync(source, request, cancellationToken)) ?? throw new JsonException($"{source}: empty answer");

    public async Task<string> SendAsync(string source, Func<HttpRequestMessage> request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var message = request();
                using var response = await http.SendAsync(message, cancellationToken);
                if (response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500)
                {
                    throw new HttpRequestException($"{source} answered {(int)response.StatusCode}", null, response.StatusCode);
                }
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }
            catch (HttpRequestException ex) when (attempt < maxAttempts && IsTransient(ex))
            {
                var delay = firstRetryDelay * Math.Pow(2, attempt - 1);
                logger.LogWarning("{Source} request failed ({Message}), attempt {Attempt}: retrying in {Delay}", source, ex.Message, attempt, delay);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static bool IsTransient(HttpRequestException ex) =>
        ex.StatusCode is null or HttpStatusCode.TooManyRequests || ex.StatusCode >= HttpStatusCode.InternalServerError;

    /// <summary>The later of <paramref name="since"/> and the date the last run of this source reached.</summary>
    public async Task<DateOnly> ResumeAsync(string source, DateOnly since, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var cursor = await CursorAsync(storage, source, cancellationToken);
        return cursor is not null && DateOnly.TryParse(cursor.GetString("Date"), CultureInfo.InvariantCulture, out var resumed) && resumed > since ? resumed : since;
    }

    /// <summary>The Runs row of a source's cursor: "Date", the last publication date collected, and its Timestamp; null before the first run.</summary>
    public static async Task<TableEntity?> CursorAsync(ClausesStorage storage, string source, CancellationToken cancellationToken)
    {
        var cursor = await storage.Table(StorageNames.Runs).GetEntityIfExistsAsync<TableEntity>($"collect-{source}", "cursor", cancellationToken: cancellationToken);
        return cursor.HasValue ? cursor.Value : null;
    }

    /// <summary>Records the last publication date collected; the next run starts from it, not after it, as that day may still receive notices.</summary>
    public Task SaveCursorAsync(string source, DateOnly? latest, CancellationToken cancellationToken) => latest is { } last
        ? storage.Table(StorageNames.Runs).UpsertEntityAsync(new TableEntity($"collect-{source}", "cursor") { ["Date"] = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, cancellationToken: cancellationToken)
        : Task.CompletedTask;

    /// <summary>Keeps the trace of a notice that could not be fetched: an Errors row (stage CollectNotices) naming it and why.</summary>
    public Task RecordFailureAsync(string source, string noticeId, string reason, CancellationToken cancellationToken) =>
        RecordFailureAsync(storage, $"{source}-{noticeId}", $"{source}/{noticeId}", reason, cancellationToken);

    /// <summary>An Errors row of stage CollectNotices: <paramref name="key"/> names the failure, <paramref name="what"/> what could not be collected.</summary>
    public static Task RecordFailureAsync(ClausesStorage storage, string key, string what, string reason, CancellationToken cancellationToken) =>
        storage.Errors.UpsertEntityAsync(new ErrorEntity
        {
            PartitionKey = Pipeline.CollectNoticesHandler.Stage,
            RowKey = TableKeys.Safe(key),
            Stage = Pipeline.CollectNoticesHandler.Stage,
            BlobName = what,
            Reason = reason,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Stores a notice unless a blob of that name exists; returns null when it did, else what parsing gave (or a stored-only outcome).</summary>
    public Task<StoredNotice?> StoreNewAsync(string blobName, BinaryData content, bool parseNow, CancellationToken cancellationToken) =>
        StoreNewAsync(blobName, () => Task.FromResult(content), parseNow, cancellationToken);

    /// <summary>As above, fetching the content only when the notice is not stored yet.</summary>
    public async Task<StoredNotice?> StoreNewAsync(string blobName, Func<Task<BinaryData>> fetch, bool parseNow, CancellationToken cancellationToken)
    {
        var blob = storage.RawNotices.GetBlobClient(blobName);
        if (await blob.ExistsAsync(cancellationToken)) return null;
        var content = await fetch();
        await blob.UploadAsync(content, overwrite: false, cancellationToken);
        return new StoredNotice(blobName, parseNow ? await parse.HandleAsync(blobName, content, cancellationToken) : null);
    }
}

/// <summary>A notice a collector stored, with what ParseNotice made of it when it ran at once.</summary>
public sealed record StoredNotice(string BlobName, ParseOutcome? Parsed);

/// <summary>One source's collection run: the notices it stored and parsed, with the notice keys for the next stages.</summary>
public sealed record CollectSummary(string Source, DateOnly Since, int Pages, int Records, IReadOnlyList<StoredNotice> New)
{
    public int Stored => New.Count;
    public int Parsed => New.Count(n => n.Parsed?.Success == true);
    public IReadOnlyList<(string Source, string NoticeId)> Notices => New.SelectMany(n => n.Parsed?.Notices ?? []).Distinct().ToList();
}

/// <summary>Politeness and patience of a collector; the BOAMP and TED sections of the settings bind to it.</summary>
public class CollectorOptions
{
    public int PageSize { get; set; } = 100;
    public int MaxPages { get; set; } = 200;
    public int MaxAttempts { get; set; } = 5;
    public TimeSpan PauseBetweenPages { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}

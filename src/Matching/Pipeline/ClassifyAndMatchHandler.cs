using System.Text.Json;
using Azure.Data.Tables;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// The message ParseNotice leaves for each notice it stored, on the parsed-notices queue in the
/// Functions app: <c>{"source":"ted","noticeId":"00712345-2026"}</c>.
/// </summary>
public sealed record ParsedNotice(string Source, string NoticeId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToMessage() => JsonSerializer.Serialize(this, Json);

    public static ParsedNotice FromMessage(string message)
    {
        ParsedNotice? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<ParsedNotice>(message, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"parsed-notice message is not JSON: {ex.Message}", ex);
        }
        return parsed is { Source.Length: > 0, NoticeId.Length: > 0 } ? parsed
            : throw new FormatException("parsed-notice message needs \"source\" and \"noticeId\"");
    }

    /// <summary>The lots of the notices parsed for the first time in this process, to classify and match without reading them back.</summary>
    public static Dictionary<ParsedNotice, IReadOnlyList<Storage.LotEntity>> FreshLots(IEnumerable<ParseOutcome> outcomes)
    {
        var fresh = new Dictionary<ParsedNotice, IReadOnlyList<Storage.LotEntity>>();
        foreach (var outcome in outcomes)
        {
            foreach (var ((source, noticeId), lots) in outcome.FreshLots) fresh.TryAdd(new ParsedNotice(source, noticeId), lots);
        }
        return fresh;
    }

    public static IReadOnlyList<string> MessagesFor(ParseOutcome outcome) => outcome.Notices.Select(n => new ParsedNotice(n.Source, n.NoticeId).ToMessage()).ToList();
}

/// <summary>
/// ClassifyAndMatch: a parsed notice's lots are classified with the current model, then matched
/// with the structures (whose index is reloaded when older than <see cref="StructuresMaxAge"/>,
/// so an import reaches the running app). Both steps are idempotent.
/// </summary>
public sealed class ClassifyAndMatchHandler(ClausesStorage storage, ClassifyLotsHandler classify, MatchLotsHandler match, TimeProvider clock, ILogger<ClassifyAndMatchHandler> logger)
{
    public static readonly TimeSpan StructuresMaxAge = TimeSpan.FromMinutes(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _structuresLoadedAt;

    public Task<ClassifyAndMatchOutcome> HandleAsync(string message, CancellationToken cancellationToken) =>
        HandleAsync(ParsedNotice.FromMessage(message), cancellationToken);

    public async Task<ClassifyAndMatchOutcome> HandleAsync(ParsedNotice notice, CancellationToken cancellationToken)
    {
        await EnsureStructuresAsync(cancellationToken);
        var lots = await storage.LotsOfAsync(notice.Source, notice.NoticeId, cancellationToken);
        return await HandleAsync(notice, lots, cancellationToken);
    }

    /// <summary>
    /// Classifies and matches lots already read (in memory), then writes each lot's scores and
    /// matched structures in one merge and the notice's matches in one transaction: three round
    /// trips per notice with the read, whatever its number of lots up to 100.
    /// </summary>
    public async Task<ClassifyAndMatchOutcome> HandleAsync(ParsedNotice notice, IReadOnlyList<LotEntity> lots, CancellationToken cancellationToken)
    {
        if (lots.Count == 0) return new ClassifyAndMatchOutcome(0, 0);
        var prepared = await PrepareAsync(notice, lots, cancellationToken);
        var updates = lots.Select(lot =>
        {
            var row = prepared.Classified == 0 ? new TableEntity(lot.PartitionKey, lot.RowKey) : ClassifyLotsHandler.Scores(lot);
            row[nameof(LotEntity.MatchedSirets)] = lot.MatchedSirets;
            return row;
        }).ToList();
        await ClausesStorage.UpsertBatchAsync(storage.Lots, updates, TableTransactionActionType.UpsertMerge, cancellationToken);
        return await WriteMatchesAsync(notice, lots, prepared, cancellationToken);
    }

    /// <summary>
    /// Classifies and matches lots in memory, writing nothing: their scores and matched SIRETs are
    /// set on them. ParseNotice calls it, when both run in one process, on a new notice's lots before
    /// it writes them, so that they are written once, scored; <see cref="WriteMatchesAsync"/> follows.
    /// </summary>
    public async Task<PreparedNotice> PrepareAsync(ParsedNotice notice, IReadOnlyList<LotEntity> lots, CancellationToken cancellationToken)
    {
        await EnsureStructuresAsync(cancellationToken);
        var model = await classify.CurrentModelAsync(cancellationToken);
        if (model is not null) classify.Classify(lots, model);
        else logger.LogWarning("No model promoted yet: lots of {NoticeId} left unclassified", notice.NoticeId);
        var matching = await match.MatchAsync(notice.Source, notice.NoticeId, lots, cancellationToken);
        return new PreparedNotice(model is null ? 0 : lots.Count, matching);
    }

    /// <summary>Writes the matches of lots prepared by <see cref="PrepareAsync"/> once the lots carry their scores in storage.</summary>
    public async Task<ClassifyAndMatchOutcome> WriteMatchesAsync(ParsedNotice notice, IReadOnlyList<LotEntity> lots, PreparedNotice prepared, CancellationToken cancellationToken)
    {
        await match.WriteAsync(prepared.Matching, cancellationToken);
        logger.LogInformation("{Source}/{NoticeId}: {Classified} lots classified, {Matches} matches", notice.Source, notice.NoticeId, prepared.Classified, prepared.Matching.Matches.Count);
        return new ClassifyAndMatchOutcome(prepared.Classified, prepared.Matching.Matches.Count) { Lots = lots, MatchRows = prepared.Matching.Matches };
    }

    /// <summary>Reads the structures table now (after an import, say) and returns how many structures it holds.</summary>
    public Task<int> LoadStructuresAsync(CancellationToken cancellationToken) => LoadAsync(force: true, cancellationToken);

    private Task EnsureStructuresAsync(CancellationToken cancellationToken) =>
        Fresh() ? Task.CompletedTask : LoadAsync(force: false, cancellationToken);

    private bool Fresh() => _structuresLoadedAt is { } at && clock.GetUtcNow() - at < StructuresMaxAge;

    private async Task<int> LoadAsync(bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Messages handled side by side wait here for one load, not one each.
            if (!force && Fresh()) return 0;
            var count = await match.LoadStructuresAsync(cancellationToken);
            _structuresLoadedAt = clock.GetUtcNow();
            return count;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A notice's lots classified and matched in memory: how many were classified (0 without a model) and the match rows to write.</summary>
public sealed record PreparedNotice(int Classified, NoticeMatches Matching);

public sealed record ClassifyAndMatchOutcome(int Classified, int Matches)
{
    /// <summary>The lots as classified and matched, and their match rows: what the next step in the same process (the board index) needs, without a read.</summary>
    public IReadOnlyList<LotEntity> Lots { get; init; } = [];

    public IReadOnlyList<MatchEntity> MatchRows { get; init; } = [];

    /// <summary>Two outcomes are the same when they classified and matched as many (the rows are what they wrote, not what they are).</summary>
    public bool Equals(ClassifyAndMatchOutcome? other) => other is not null && Classified == other.Classified && Matches == other.Matches;

    public override int GetHashCode() => HashCode.Combine(Classified, Matches);
}

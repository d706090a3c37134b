using Azure.Data.Tables;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Geography;
using ClausesSociales.Matching;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// MatchLots: for the lots of a notice, the structures able to answer, written to Matches
/// (lot x structure, score, reasons). Idempotent: a lot's earlier matches that no longer hold
/// are removed, the others rewritten with the same keys.
/// </summary>
public sealed class MatchLotsHandler(ClausesStorage storage, StructureStore structures, CodeLabels labels, ILogger<MatchLotsHandler> logger)
{
    public const int TopPerLot = 20;

    private LotMatcher? _matcher;

    /// <summary>Loads the structures table and builds the index; call again after an import.</summary>
    public async Task<int> LoadStructuresAsync(CancellationToken cancellationToken)
    {
        var all = await structures.LoadAsync(cancellationToken);
        // Subscribed structures may add sectors or set their own area.
        var amendments = new Dictionary<string, Digests.SubscriptionEntity>();
        await foreach (var s in storage.Table(StorageNames.Subscriptions).QueryAsync<Digests.SubscriptionEntity>(
            e => e.PartitionKey == nameof(Digests.SubscriberKind.Structure), cancellationToken: cancellationToken))
        {
            if (s.ExtraSectors is not null || s.AreaOverride is not null) amendments[s.RowKey] = s;
        }
        UseStructures(all.Select(s => amendments.TryGetValue(s.Siret, out var a) ? a.Amend(s) : s).ToList());
        return all.Count;
    }

    /// <summary>Matches against these structures from now on.</summary>
    public void UseStructures(IReadOnlyList<Structure> all) => _matcher = new LotMatcher(new StructureIndex(all, FrenchGeography.Instance), labels);

    public async Task<int> HandleAsync(string source, string noticeId, CancellationToken cancellationToken)
    {
        if (_matcher is null) await LoadStructuresAsync(cancellationToken);
        var partition = TableKeys.Notice(source, noticeId);
        var written = 0;
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            var scores = lot.SocialProbability is { } social ? new LotScores(social, lot.ReservedProbability ?? 0, lot.GreenProbability ?? 0) : null;
            var result = _matcher!.Match(noticeId, lot.ToLot(), scores, TopPerLot);
            written += await WriteAsync(source, noticeId, result, cancellationToken);
        }
        logger.LogInformation("Matched notice {NoticeId}: {Matches} matches", noticeId, written);
        return written;
    }

    private async Task<int> WriteAsync(string source, string noticeId, LotMatches result, CancellationToken cancellationToken)
    {
        var table = storage.Table(StorageNames.Matches);
        var key = MatchEntity.LotKey(source, noticeId, result.LotId);
        var entities = result.Matches.Select((m, rank) => new MatchEntity
        {
            PartitionKey = key,
            RowKey = m.Structure.Siret,
            Source = source,
            NoticeId = noticeId,
            LotId = result.LotId,
            Siret = m.Structure.Siret,
            Name = m.Structure.Name,
            Kind = m.Structure.Kind.ToString(),
            Department = m.Structure.Department,
            Rank = rank + 1,
            Score = m.Score,
            DistanceKm = m.DistanceKm,
            Reasons = string.Join("\n", m.Reasons),
            Potential = result.Potential.Recommendation,
        }).ToList();
        var keep = entities.Select(e => e.RowKey).ToHashSet();
        var stale = new List<TableTransactionAction>();
        await foreach (var old in table.QueryAsync<TableEntity>(e => e.PartitionKey == key, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (!keep.Contains(old.RowKey)) stale.Add(new TableTransactionAction(TableTransactionActionType.Delete, old));
        }
        foreach (var chunk in stale.Chunk(100)) await table.SubmitTransactionAsync(chunk, cancellationToken);
        await ClausesStorage.UpsertBatchAsync(table, entities, TableTransactionActionType.UpsertReplace, cancellationToken);
        return entities.Count;
    }
}

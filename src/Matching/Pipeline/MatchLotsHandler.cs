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
        // Contracts the structures won (DECP titulaires) raise their scores and give a reason.
        var trackRecords = await new Decp.DecpStore(storage).AllTrackRecordsAsync(cancellationToken);
        UseStructures(all.Select(s => amendments.TryGetValue(s.Siret, out var a) ? a.Amend(s) : s).ToList(), trackRecords);
        return all.Count;
    }

    /// <summary>Matches against these structures from now on.</summary>
    public void UseStructures(IReadOnlyList<Structure> all, Decp.TrackRecords? trackRecords = null) =>
        _matcher = new LotMatcher(new StructureIndex(all, FrenchGeography.Instance), labels, trackRecords);

    public async Task<int> HandleAsync(string source, string noticeId, CancellationToken cancellationToken)
    {
        var lots = await storage.LotsOfAsync(source, noticeId, cancellationToken);
        var matching = await MatchAsync(source, noticeId, lots, cancellationToken);
        await ClausesStorage.UpsertBatchAsync(storage.Lots, lots.Select(Matched).ToList(), TableTransactionActionType.UpsertMerge, cancellationToken);
        await WriteAsync(matching, cancellationToken);
        logger.LogInformation("Matched notice {NoticeId}: {Matches} matches", noticeId, matching.Matches.Count);
        return matching.Matches.Count;
    }

    /// <summary>
    /// Matches the lots of a notice in memory: the match rows to write, the earlier rows that no
    /// longer hold (from each lot's <see cref="LotEntity.MatchedSirets"/>), and each lot's new list.
    /// </summary>
    public async Task<NoticeMatches> MatchAsync(string source, string noticeId, IReadOnlyList<LotEntity> lots, CancellationToken cancellationToken)
    {
        if (_matcher is null) await LoadStructuresAsync(cancellationToken);
        var partition = MatchEntity.Partition(source, noticeId);
        var rows = new List<MatchEntity>();
        var stale = new List<TableEntity>();
        foreach (var lot in lots)
        {
            var result = _matcher!.Match(noticeId, lot.ToLot(), lot.Scores(), TopPerLot);
            var sirets = result.Matches.Select(m => m.Structure.Siret).ToList();
            rows.AddRange(result.Matches.Select((m, rank) => new MatchEntity
            {
                PartitionKey = partition,
                RowKey = MatchEntity.Row(source, noticeId, lot.LotId, m.Structure.Siret),
                Source = source,
                NoticeId = noticeId,
                LotId = lot.LotId,
                Siret = m.Structure.Siret,
                Name = m.Structure.Name,
                Kind = m.Structure.Kind.ToString(),
                Department = m.Structure.Department,
                Rank = rank + 1,
                Score = m.Score,
                DistanceKm = m.DistanceKm,
                Reasons = string.Join("\n", m.Reasons),
                Potential = result.Potential.Recommendation,
            }));
            var earlier = lot.MatchedSirets?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
            stale.AddRange(earlier.Except(sirets).Select(siret => new TableEntity(partition, MatchEntity.Row(source, noticeId, lot.LotId, siret)) { ETag = Azure.ETag.All }));
            lot.MatchedSirets = string.Join(",", sirets);
        }
        return new NoticeMatches(rows, stale);
    }

    /// <summary>Writes a notice's matches: one partition, so upserts and removals go in transactions of 100.</summary>
    public async Task WriteAsync(NoticeMatches matching, CancellationToken cancellationToken)
    {
        var actions = matching.Matches.Select(m => new TableTransactionAction(TableTransactionActionType.UpsertReplace, m))
            .Concat(matching.Stale.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, Azure.ETag.All)))
            .ToList();
        var table = storage.Table(StorageNames.Matches);
        try
        {
            foreach (var chunk in actions.Chunk(100)) await table.SubmitTransactionAsync(chunk, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 404)
        {
            // A row to remove is already gone (removed by hand, or never written): write the rest without it.
            await ClausesStorage.UpsertBatchAsync(table, matching.Matches, TableTransactionActionType.UpsertReplace, cancellationToken);
            foreach (var row in matching.Stale)
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All, cancellationToken);
            }
        }
    }

    /// <summary>The property matching writes on a lot's row.</summary>
    public static TableEntity Matched(LotEntity lot) => new(lot.PartitionKey, lot.RowKey) { [nameof(LotEntity.MatchedSirets)] = lot.MatchedSirets };
}

/// <summary>The match rows of a notice's lots, and the earlier rows that no longer hold.</summary>
public sealed record NoticeMatches(IReadOnlyList<MatchEntity> Matches, IReadOnlyList<TableEntity> Stale);

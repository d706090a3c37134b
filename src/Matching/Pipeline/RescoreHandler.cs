using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// Rescore: after a model is promoted, every open current lot not yet scored by it is classified,
/// matched and put on the board again, notice by notice, <c>concurrency</c> notices at a time, reading the Lots
/// table as a stream in batches (memory does not grow with the table). Resumable: a lot already
/// scored by the promoted model is skipped, so a run stopped half-way goes on where it stopped.
/// </summary>
public sealed class RescoreHandler(ClausesStorage storage, ClassifyLotsHandler classify, ClassifyAndMatchHandler classifyAndMatch, Web.BoardIndexer board, TimeProvider clock, ILogger<RescoreHandler> logger, int concurrency = 4)
{
    public const int BatchLots = 1_000;

    public async Task<RescoreSummary> HandleAsync(IProgress<RescoreProgress>? progress, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var model = await classify.CurrentModelAsync(cancellationToken, refresh: true);
        if (model is null) return new RescoreSummary(null, 0, 0, 0);
        var version = model.Info.Version;
        var now = clock.GetUtcNow();
        bool Due(LotEntity lot) => lot.IsCurrent() && lot.ModelVersion != version && (lot.Deadline is not { } deadline || deadline >= now);

        // A first pass over the keys alone gives the total for the progress bar.
        var total = 0;
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(select: ["PartitionKey", "RowKey", nameof(LotEntity.ModelVersion), nameof(LotEntity.Deadline), nameof(LotEntity.SupersededBy)], cancellationToken: cancellationToken))
        {
            if (Due(lot)) total++;
        }

        int done = 0, notices = 0, matches = 0;
        var batch = new List<LotEntity>();
        async Task FlushAsync()
        {
            var groups = batch.GroupBy(l => (l.Source, l.NoticeId)).ToList();
            await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken }, async (group, ct) =>
            {
                var lots = group.ToList();
                var outcome = await classifyAndMatch.HandleAsync(new ParsedNotice(group.Key.Source, group.Key.NoticeId), lots, ct);
                // The board shows what the lot pages show: the new model's probabilities and matches.
                await board.IndexNoticeAsync(group.Key.Source, group.Key.NoticeId, outcome.Lots, outcome.MatchRows, ct);
                Interlocked.Add(ref matches, outcome.Matches);
                Interlocked.Increment(ref notices);
                progress?.Report(new RescoreProgress(Interlocked.Add(ref done, lots.Count), total));
            });
            batch.Clear();
        }
        string? partition = null;
        // Rows come partition by partition: a batch is flushed between two notices, never inside one.
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(cancellationToken: cancellationToken))
        {
            if (lot.PartitionKey != partition && batch.Count >= BatchLots) await FlushAsync();
            partition = lot.PartitionKey;
            if (Due(lot)) batch.Add(lot);
        }
        await FlushAsync();
        logger.LogInformation("Rescored {Lots} lots of {Notices} notices with model {Version}: {Matches} matches", done, notices, version, matches);
        return new RescoreSummary(version, notices, done, matches);
    }
}

public sealed record RescoreProgress(int Done, int Total);

public sealed record RescoreSummary(string? Version, int Notices, int Lots, int Matches);

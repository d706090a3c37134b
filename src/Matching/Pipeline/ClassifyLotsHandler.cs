using Azure.Data.Tables;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// ClassifyLots: scores the lots of a notice in one batch with the current model and stores the
/// three probabilities, the labels they make likely, the reasons and the model version on the Lot entities (merge, idempotent).
/// </summary>
public sealed class ClassifyLotsHandler(ClausesStorage storage, ModelStore models, CodeLabels labels, ILogger<ClassifyLotsHandler> logger)
{
    /// <summary>How long the promoted model is used before checking whether another was promoted.</summary>
    public static readonly TimeSpan ModelCheckInterval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _predict = new();
    private (LotModel? Model, DateTimeOffset CheckedAt)? _current;

    public async Task<int> HandleAsync(string source, string noticeId, CancellationToken cancellationToken)
    {
        var lots = await storage.LotsOfAsync(source, noticeId, cancellationToken);
        if (lots.Count == 0) return 0;
        var model = await CurrentModelAsync(cancellationToken);
        if (model is null)
        {
            logger.LogWarning("No model promoted yet: lots of {NoticeId} left unclassified", noticeId);
            return 0;
        }
        Classify(lots, model);
        await ClausesStorage.UpsertBatchAsync(storage.Lots, lots.Select(Scores).ToList(), TableTransactionActionType.UpsertMerge, cancellationToken);
        logger.LogInformation("Classified {Lots} lots of {NoticeId} with model {Version}", lots.Count, noticeId, model.Info.Version);
        return lots.Count;
    }

    /// <summary>
    /// The promoted model, loaded once per process; whether another was promoted is checked at
    /// most every <see cref="ModelCheckInterval"/>, not for every notice.
    /// </summary>
    /// <param name="refresh">Check the promoted version now (after a promotion, say).</param>
    public async Task<LotModel?> CurrentModelAsync(CancellationToken cancellationToken, bool refresh = false)
    {
        if (!refresh && _current is { } fresh && DateTimeOffset.UtcNow - fresh.CheckedAt < ModelCheckInterval && fresh.Model is not null) return fresh.Model;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!refresh && _current is { } again && DateTimeOffset.UtcNow - again.CheckedAt < ModelCheckInterval && again.Model is not null) return again.Model;
            var model = await models.LoadCurrentAsync(cancellationToken);
            _current = (model, DateTimeOffset.UtcNow);
            return model;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Scores the lots in one batch and sets their probabilities, reasons and model version, in memory.</summary>
    public void Classify(IReadOnlyList<LotEntity> lots, LotModel model)
    {
        var rows = StoredLots.ToRows(lots);
        // Scoring is CPU work on one model: notices handled side by side take turns, their storage waits do not.
        IReadOnlyList<LotPrediction> predictions;
        lock (_predict) predictions = model.Predict(rows, labels);
        for (var i = 0; i < lots.Count; i++)
        {
            lots[i].SocialProbability = Math.Round(predictions[i].Social, 4);
            lots[i].ReservedProbability = Math.Round(predictions[i].Reserved, 4);
            lots[i].GreenProbability = Math.Round(predictions[i].Green, 4);
            lots[i].LikelyLabels = string.Join(",", predictions[i].Likely);
            lots[i].Reasons = string.Join("\n", predictions[i].Reasons);
            lots[i].ModelVersion = model.Info.Version;
        }
    }

    /// <summary>The properties classification writes, as a merge of the lot's row.</summary>
    public static TableEntity Scores(LotEntity lot) => new(lot.PartitionKey, lot.RowKey)
    {
        [nameof(LotEntity.SocialProbability)] = lot.SocialProbability,
        [nameof(LotEntity.ReservedProbability)] = lot.ReservedProbability,
        [nameof(LotEntity.GreenProbability)] = lot.GreenProbability,
        [nameof(LotEntity.LikelyLabels)] = lot.LikelyLabels,
        [nameof(LotEntity.Reasons)] = lot.Reasons,
        [nameof(LotEntity.ModelVersion)] = lot.ModelVersion,
    };
}

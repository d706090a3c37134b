using Azure.Data.Tables;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// ClassifyLots: scores the lots of a notice in one batch with the current model and stores the
/// three probabilities, the reasons and the model version on the Lot entities (merge, idempotent).
/// </summary>
public sealed class ClassifyLotsHandler(ClausesStorage storage, ModelStore models, CodeLabels labels, ILogger<ClassifyLotsHandler> logger)
{
    public async Task<int> HandleAsync(string source, string noticeId, CancellationToken cancellationToken)
    {
        var model = await models.LoadCurrentAsync(cancellationToken);
        if (model is null)
        {
            logger.LogWarning("No model promoted yet: lots of {NoticeId} left unclassified", noticeId);
            return 0;
        }
        var partition = TableKeys.Notice(source, noticeId);
        var lots = new List<LotEntity>();
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken)) lots.Add(lot);
        if (lots.Count == 0) return 0;

        var predictions = model.Predict(lots.Select(StoredLots.ToRow).ToList(), labels);
        var updates = lots.Select((lot, i) => new TableEntity(lot.PartitionKey, lot.RowKey)
        {
            [nameof(LotEntity.SocialProbability)] = Math.Round(predictions[i].Social, 4),
            [nameof(LotEntity.ReservedProbability)] = Math.Round(predictions[i].Reserved, 4),
            [nameof(LotEntity.GreenProbability)] = Math.Round(predictions[i].Green, 4),
            [nameof(LotEntity.Reasons)] = string.Join("\n", predictions[i].Reasons),
            [nameof(LotEntity.ModelVersion)] = model.Info.Version,
        }).ToList();
        await ClausesStorage.UpsertBatchAsync(storage.Lots, updates, TableTransactionActionType.UpsertMerge, cancellationToken);
        logger.LogInformation("Classified {Lots} lots of {NoticeId} with model {Version}", lots.Count, noticeId, model.Info.Version);
        return lots.Count;
    }
}

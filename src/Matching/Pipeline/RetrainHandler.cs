using ClausesSociales.Classification;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// Retrain: an admin uploads training/{name}.csv (labelled lots, see <see cref="TrainingSet"/>).
/// The handler trains on every stored lot with buyers' feedback and then those labels applied, evaluates on the 30% of
/// notices held apart, evaluates the current model on the same lots, and promotes the new model
/// only when it is not worse: on every label with at least <see cref="MinimumPositives"/>
/// positives in the evaluation set, its ROC-AUC is at least the current one's minus <see cref="Tolerance"/>.
/// </summary>
public sealed class RetrainHandler(ClausesStorage storage, ModelStore models, ILogger<RetrainHandler> logger)
{
    public const int MinimumPositives = 5;
    public const double Tolerance = 0.005;

    public IReadOnlyList<string>? Trainers { get; init; }

    public async Task<RetrainOutcome> HandleAsync(string blobName, BinaryData labelsCsv, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var rows = await StoredLots.RowsAsync(storage, cancellationToken);
        // Buyers' answers first, then the admin's file, which has the last word.
        var feedback = TrainingSet.ApplyFeedback(rows, await Digests.FeedbackEntity.ReadAllAsync(storage, cancellationToken));
        using var reader = new StringReader(labelsCsv.ToString());
        var (labelled, problems) = TrainingSet.ApplyAdminLabels(rows, reader);
        foreach (var problem in problems) logger.LogWarning("Training labels {BlobName}: {Problem}", blobName, problem);

        var (train, test) = TrainingSet.SplitByNotice(labelled);
        var candidate = new LotClassifierTrainer().Train(train, TrainingSet.Hash(train), m => logger.LogInformation("{Message}", m), Trainers);
        var evaluation = ModelEvaluation.Evaluate(candidate, test, train);

        var current = await models.LoadCurrentAsync(cancellationToken);
        var currentEvaluation = current is null ? null : ModelEvaluation.Evaluate(current, test);
        var (promote, why) = Compare(evaluation, currentEvaluation);
        var version = await models.SaveAsync(candidate, new { evaluation = evaluation.Model, baseline = evaluation.Baseline, reports = evaluation.Reports, current = currentEvaluation?.Model, promoted = promote, why, labels = blobName, feedback, problems }, cancellationToken);
        if (promote) await models.PromoteAsync(version, cancellationToken);
        logger.LogInformation("Retrained from {BlobName} and {Feedback} labels changed by buyers' feedback: version {Version}, promoted {Promoted}: {Why}", blobName, feedback, version, promote, why);
        return new RetrainOutcome(version, promote, why, evaluation, currentEvaluation, problems, feedback);
    }

    public static (bool Promote, string Why) Compare(ModelEvaluation candidate, ModelEvaluation? current)
    {
        if (current is null) return (true, "no current model");
        foreach (var label in Labels.All)
        {
            var c = candidate.Model[label];
            var o = current.Model[label];
            if (c.Positives < MinimumPositives || double.IsNaN(o.RocAuc)) continue;
            if (double.IsNaN(c.RocAuc) || c.RocAuc < o.RocAuc - Tolerance)
            {
                return (false, $"{label}: ROC-AUC {c.RocAuc:F3} below the current model's {o.RocAuc:F3}");
            }
        }
        return (true, "not worse than the current model on any label");
    }
}

public sealed record RetrainOutcome(string Version, bool Promoted, string Why, ModelEvaluation Evaluation, ModelEvaluation? Current, IReadOnlyList<string> Problems, int FeedbackLabels);

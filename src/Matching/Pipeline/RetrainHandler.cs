using ClausesSociales.Classification;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// Retrain: an admin uploads training/{name}.csv (labelled lots, see <see cref="TrainingSet"/>).
/// The handler takes every stored lot with buyers' feedback and then those labels applied, and trains
/// by <see cref="LotClassifierTrainer.TrainMeasured"/>: a candidate on 70% of the notices, measured on
/// the 30% held apart, and the model served, trained the same way on every lot. The candidate is
/// compared with the current version's measured model (<see cref="ModelStore.LoadCurrentMeasuredAsync"/>)
/// on the held-apart lots whose notices that model never learned from, so that neither is judged on
/// lots it saw; the new version is promoted only when it is not worse: on every label with at least
/// <see cref="MinimumPositives"/> positives among those lots, its ROC-AUC is at least the current
/// one's minus <see cref="Tolerance"/>; with no such label, only when it learnt from at least as
/// many lots and positives (<see cref="Compare"/>).
/// </summary>
public sealed class RetrainHandler(ClausesStorage storage, ModelStore models, ILogger<RetrainHandler> logger)
{
    public const int MinimumPositives = 5;
    public const double Tolerance = 0.005;

    private static readonly System.Globalization.CultureInfo French = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");

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

        var training = new LotClassifierTrainer().TrainMeasured(labelled, m => logger.LogInformation("{Message}", m), Trainers);
        var current = await models.LoadCurrentMeasuredAsync(cancellationToken);
        var unseen = current?.TrainingNotices is { } seen ? training.Test.Where(r => !seen.Contains(r.NoticeKey)).ToList() : training.Test;
        var candidateEvaluation = unseen.Count == training.Test.Count ? training.Evaluation : ModelEvaluation.Evaluate(training.Measured, unseen);
        var currentEvaluation = current is null || unseen.Count == 0 ? null : ModelEvaluation.Evaluate(current, unseen);
        var served = current is null ? null : await models.LoadCurrentAsync(cancellationToken);
        var (promote, why) = Compare(candidateEvaluation, currentEvaluation, training.Served.Info, served?.Info);
        var evaluation = training.Evaluation;
        var version = await models.SaveAsync(training.Served, new
        {
            evaluation = evaluation.Model, baseline = evaluation.Baseline, reports = evaluation.Reports,
            compared = candidateEvaluation.Model, current = currentEvaluation?.Model, promoted = promote, why, labels = blobName, feedback, problems,
        }, cancellationToken, training.Measured);
        if (promote) await models.PromoteAsync(version, cancellationToken);
        logger.LogInformation("Retrained from {BlobName} and {Feedback} labels changed by buyers' feedback: version {Version}, promoted {Promoted}: {Why}", blobName, feedback, version, promote, why);
        return new RetrainOutcome(version, promote, why, evaluation, candidateEvaluation, currentEvaluation, problems, feedback);
    }

    /// <summary>
    /// Whether the candidate may replace the current model, and why, in French (the admin page shows
    /// it). Compared on the lots held apart that neither learnt, on every label with at least
    /// <see cref="MinimumPositives"/> positives there. Where no label can be compared (the current
    /// model learnt every lot held apart, or too few positives), the candidate replaces it only if it
    /// learnt from at least as many lots and as many positives of each label
    /// (<paramref name="candidateInfo"/>, <paramref name="currentInfo"/>): a retraining on the few
    /// lots stored so far must not replace a model trained on thousands.
    /// </summary>
    public static (bool Promote, string Why) Compare(ModelEvaluation candidate, ModelEvaluation? current, ModelInfo? candidateInfo = null, ModelInfo? currentInfo = null)
    {
        if (current is null && currentInfo is null) return (true, "aucun modèle en service");
        var compared = 0;
        // Nothing to compare label by label when the current model learnt every lot held apart.
        foreach (var label in current is null ? [] : Labels.All)
        {
            var c = candidate.Model[label];
            var o = current!.Model[label];
            if (c.Positives < MinimumPositives || double.IsNaN(o.RocAuc)) continue;
            if (double.IsNaN(c.RocAuc) || c.RocAuc < o.RocAuc - Tolerance)
            {
                return (false, string.Create(French, $"{Labels.French[label]} : ROC-AUC {c.RocAuc:F3}, sous celle du modèle en service ({o.RocAuc:F3}) sur les {c.Count:N0} lots mis à part qu'aucun des deux n'a appris"));
            }
            compared++;
        }
        if (compared > 0)
        {
            return (true, string.Create(French, $"pas moins bon que le modèle en service sur les {current!.Model.Values.Max(m => m.Count):N0} lots mis à part qu'aucun des deux n'a appris (ROC-AUC de chaque étiquette qui y a au moins {MinimumPositives} positifs)"));
        }
        var nothing = current is null
            ? "le modèle en service a appris tous les lots mis à part : rien à comparer"
            : string.Create(French, $"rien ne permet de les comparer (aucune étiquette n'a {MinimumPositives} positifs parmi les lots mis à part que le modèle en service n'a pas appris)");
        if (candidateInfo is null || currentInfo is null) return (false, nothing + " ; le modèle en service est gardé");
        var fewer = Labels.All.FirstOrDefault(l => candidateInfo.Positives.GetValueOrDefault(l) < currentInfo.Positives.GetValueOrDefault(l));
        if (candidateInfo.TrainingLots < currentInfo.TrainingLots || fewer is not null)
        {
            var what = candidateInfo.TrainingLots < currentInfo.TrainingLots
                ? string.Create(French, $"de {candidateInfo.TrainingLots:N0} lots contre {currentInfo.TrainingLots:N0}")
                : string.Create(French, $"de {candidateInfo.Positives.GetValueOrDefault(fewer!):N0} lots positifs pour « {Labels.French[fewer!]} » contre {currentInfo.Positives.GetValueOrDefault(fewer!):N0}");
            return (false, $"modèle en service gardé : le nouveau apprend de moins d'exemples ({what}), et {nothing}. "
                + "Une version est promue quand elle fait au moins aussi bien sur des lots qu'aucun des deux modèles n'a appris, ou qu'elle apprend d'au moins autant de lots et de positifs : "
                + "ajoutez des étiquettes (réponses des acheteurs, fichier d'étiquettes) avant de réentraîner");
        }
        return (true, $"{nothing} ; le nouveau modèle apprend d'au moins autant de lots et de positifs que le modèle en service, et des étiquettes les plus récentes");
    }
}

/// <summary>
/// A retraining's outcome: the candidate's evaluation on all the held-apart lots, and the
/// comparison that decided (the candidate and the current model on the held-apart lots the current
/// model never learned from).
/// </summary>
public sealed record RetrainOutcome(string Version, bool Promoted, string Why, ModelEvaluation Evaluation, ModelEvaluation Compared, ModelEvaluation? Current, IReadOnlyList<string> Problems, int FeedbackLabels);

using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Microsoft.ML.Transforms.Text;

namespace ClausesSociales.Classification;

/// <summary>
/// Trains one binary model per label (social, reserved, green) on what lots are. The trainer of
/// each label is picked by measurement: SDCA logistic regression, FastTree and LightGbm are
/// cross-validated on the training notices (folds split by notice) and the best ROC-AUC wins.
/// Probabilities are calibrated (Platt) by the trainers.
/// </summary>
public sealed class LotClassifierTrainer(int seed = 1)
{
    public const string Sdca = "sdca", FastTree = "fasttree", LightGbm = "lightgbm";
    public static readonly string[] AllTrainers = [Sdca, FastTree, LightGbm];

    public LotModel Train(IReadOnlyList<LotRow> rows, string trainingSetHash, Action<string>? progress = null, IReadOnlyList<string>? trainers = null, int folds = 5)
    {
        trainers ??= AllTrainers;
        var ml = new MLContext(seed);
        var models = new Dictionary<string, (ITransformer Model, string Trainer)>();
        var choices = new Dictionary<string, IReadOnlyDictionary<string, double>>();
        foreach (var label in Labels.All)
        {
            var data = ml.Data.LoadFromEnumerable(rows.Select(r => r.For(label)));
            var positives = rows.Count(r => r.Label(label));
            var measured = new Dictionary<string, double>();
            var chosen = trainers[0];
            if (trainers.Count > 1 && positives >= 2 * folds)
            {
                foreach (var trainer in trainers)
                {
                    var auc = CrossValidatedAuc(ml, data, trainer, folds);
                    measured[trainer] = auc;
                    progress?.Invoke($"{label}: {trainer} cross-validated ROC-AUC {auc:F3}");
                }
                chosen = Choose(measured);
            }
            progress?.Invoke($"{label}: training {chosen} on {rows.Count} lots ({positives} positives)");
            models[label] = (Fit(ml, data, chosen), chosen);
            choices[label] = measured;
        }
        return new LotModel(ml, models.ToDictionary(m => m.Key, m => m.Value.Model), new ModelInfo(
            DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            trainingSetHash, rows.Count, models.ToDictionary(m => m.Key, m => m.Value.Trainer), choices, Labels.All.ToDictionary(l => l, l => rows.Count(r => r.Label(l)))));
    }

    /// <summary>A tree ensemble must beat the linear model by this much cross-validated ROC-AUC to be preferred: on a few hundred positives, the simpler model generalizes more surely.</summary>
    public const double SimplerModelMargin = 0.01;

    internal static string Choose(IReadOnlyDictionary<string, double> measured)
    {
        var valid = measured.Where(m => !double.IsNaN(m.Value)).ToList();
        if (valid.Count == 0) return Sdca;
        var best = valid.MaxBy(m => m.Value);
        return measured.TryGetValue(Sdca, out var linear) && !double.IsNaN(linear) && best.Value - linear <= SimplerModelMargin ? Sdca : best.Key;
    }

    /// <summary>Featurization, trainer and feature contributions (for reasons), fitted on the data.</summary>
    internal static ITransformer Fit(MLContext ml, IDataView data, string trainer)
    {
        var featurizer = Featurizer(ml).Fit(data);
        var features = featurizer.Transform(data);
        var model = Trainer(ml, trainer).Fit(features);
        const int top = 8;
        IEstimator<ITransformer> calculator = model switch
        {
            ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<LinearBinaryModelParameters, PlattCalibrator>> linear =>
                ml.Transforms.CalculateFeatureContribution(linear, numberOfPositiveContributions: top, numberOfNegativeContributions: 0, normalize: false),
            ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator>> fastTree =>
                ml.Transforms.CalculateFeatureContribution(fastTree, numberOfPositiveContributions: top, numberOfNegativeContributions: 0, normalize: false),
            ISingleFeaturePredictionTransformer<CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator>> lightGbm =>
                ml.Transforms.CalculateFeatureContribution(lightGbm, numberOfPositiveContributions: top, numberOfNegativeContributions: 0, normalize: false),
            _ => throw new InvalidOperationException($"no feature contributions for {model.GetType().Name}"),
        };
        var contributions = calculator.Fit(model.Transform(features));
        return featurizer.Append((ITransformer)model).Append(contributions);
    }

    private static double CrossValidatedAuc(MLContext ml, IDataView data, string trainer, int folds)
    {
        try
        {
            var pipeline = Featurizer(ml).Append(Trainer(ml, trainer));
            var results = ml.BinaryClassification.CrossValidate(data, pipeline, numberOfFolds: folds, labelColumnName: "Label", samplingKeyColumnName: nameof(LabelledRow.NoticeKey));
            var aucs = results.Select(r => r.Metrics.AreaUnderRocCurve).Where(a => !double.IsNaN(a)).ToList();
            return aucs.Count == 0 ? double.NaN : aucs.Average();
        }
        catch (ArgumentOutOfRangeException)
        {
            // A fold without positives has no AUC.
            return double.NaN;
        }
    }

    internal static IEstimator<ITransformer> Featurizer(MLContext ml) =>
        ml.Transforms.Text.FeaturizeText("TextFeatures", new TextFeaturizingEstimator.Options
        {
            // French first: accents folded, French stop words removed; words, word pairs and 3-letter grams.
            KeepDiacritics = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.French },
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = false },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        }, nameof(LabelledRow.Text))
        .Append(ml.Transforms.Text.FeaturizeText("CodeFeatures", new TextFeaturizingEstimator.Options
        {
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 1 },
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.None,
        }, nameof(LabelledRow.Codes)))
        .Append(ml.Transforms.NormalizeMinMax("NumericFeatures", nameof(LabelledRow.Numeric)))
        .Append(ml.Transforms.Concatenate("AllFeatures", "TextFeatures", "CodeFeatures", "NumericFeatures"))
        // N-grams seen in fewer than 3 lots say nothing general and slow the tree trainers down.
        .Append(ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount("Features", "AllFeatures", count: 3));

    private static IEstimator<ISingleFeaturePredictionTransformer<object>> Trainer(MLContext ml, string trainer) => trainer switch
    {
        Sdca => ml.BinaryClassification.Trainers.SdcaLogisticRegression(labelColumnName: "Label", featureColumnName: "Features"),
        FastTree => ml.BinaryClassification.Trainers.FastTree(labelColumnName: "Label", featureColumnName: "Features", numberOfLeaves: 16, numberOfTrees: 100, minimumExampleCountPerLeaf: 5, learningRate: 0.1),
        LightGbm => ml.BinaryClassification.Trainers.LightGbm(labelColumnName: "Label", featureColumnName: "Features", numberOfLeaves: 16, numberOfIterations: 100, minimumExampleCountPerLeaf: 5, learningRate: 0.1),
        _ => throw new ArgumentOutOfRangeException(nameof(trainer), $"unknown trainer '{trainer}' (sdca, fasttree, lightgbm)"),
    };
}

/// <summary>What was trained on and how: stored beside the model.</summary>
public sealed record ModelInfo(
    string Version,
    string TrainingSetHash,
    int TrainingLots,
    IReadOnlyDictionary<string, string> Trainers,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> CrossValidatedAuc,
    IReadOnlyDictionary<string, int> Positives);

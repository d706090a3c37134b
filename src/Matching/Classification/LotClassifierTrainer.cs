using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using ClausesSociales.CodeLists;

namespace ClausesSociales.Classification;

/// <summary>
/// Trains the classifier: one vocabulary of feature slots from the training lots (a feature must
/// appear in the lots of <see cref="MinimumNotices"/> notices), then one SDCA logistic regression head per label
/// (ML.NET), on the lots whose label is known. A tree ensemble (LightGbm) can be trained on the
/// same vectors for comparison (<see cref="TreeScores"/>); the engine serves linear heads, whose
/// reasons are their weights.
/// </summary>
public sealed class LotClassifierTrainer(int seed = 1, CodeLabels? labels = null)
{
    public const string Sdca = "sdca", FastTree = "fasttree", LightGbm = "lightgbm";
    public static readonly string[] AllTrainers = [Sdca, LightGbm];

    /// <summary>
    /// A feature seen in the lots of fewer notices says nothing general: the lots of one notice
    /// share its words, CPV and buyer, so counting lots would keep what only one buyer wrote.
    /// </summary>
    public const int MinimumNotices = 2;

    private readonly CodeLabels _labels = labels ?? CodeLabels.Load(null);

    /// <summary>SDCA's L2 penalty; null lets SDCA pick it from the data (it ranked best on the grouped split; 0.003 to 0.1 ranked worse).</summary>
    public float? L2Regularization { get; init; }

    public LotModel Train(IReadOnlyList<LotRow> rows, string trainingSetHash, Action<string>? progress = null, IReadOnlyList<string>? trainers = null, int folds = 5)
    {
        if (trainers is { Count: > 0 } && trainers.Any(t => t != Sdca))
        {
            progress?.Invoke($"the engine serves linear heads: {string.Join(", ", trainers.Where(t => t != Sdca))} compared by `clauses train` only");
        }
        var vocabulary = Vocabulary(rows);
        progress?.Invoke($"{vocabulary.Slots.Length} feature slots from {rows.Count} lots");
        var featurizer = new LotFeaturizer(code => _labels.Label("cpv", code));
        var slots = vocabulary.Slots.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        var vectors = rows.Select(r => ToVector(featurizer, slots, r)).ToList();
        var heads = new Dictionary<string, LinearHead>();
        foreach (var label in Labels.All)
        {
            var known = Enumerable.Range(0, rows.Count).Where(i => rows[i].Knows(label)).ToList();
            var positives = known.Count(i => rows[i].Label(label));
            progress?.Invoke($"{label}: training sdca on {known.Count} lots whose label is known ({positives} positives)");
            var head = TrainHead(known.Select(i => (vectors[i], rows[i].Label(label))).ToList(), vocabulary.Slots.Length).Head;
            if (Calibrate(rows, vectors, known, label, vocabulary.Slots.Length) is { } platt)
            {
                progress?.Invoke($"{label}: probabilities calibrated on out-of-fold scores (A {platt.A:F3}, B {platt.B:F3})");
                head = head with { Slope = platt.A, Offset = platt.B };
            }
            heads[label] = head;
        }
        return new LotModel(vocabulary, heads, new ModelInfo(
            DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            trainingSetHash, rows.Count, Labels.All.ToDictionary(l => l, _ => Sdca), new Dictionary<string, IReadOnlyDictionary<string, double>>(),
            Labels.All.ToDictionary(l => l, l => rows.Count(r => r.Knows(l) && r.Label(l)))), _labels);
    }

    /// <summary>Folds of the calibration, grouped by buyer (by notice when the buyer is unknown).</summary>
    public const int CalibrationFolds = 5;

    /// <summary>
    /// A Platt sigmoid fitted on out-of-fold scores: each lot scored by a head trained without its
    /// buyer's lots. SDCA's own sigmoid is fitted on the lots it learnt from and is far too sure of
    /// itself on lots it has never seen. Null when a fold has no positive.
    /// </summary>
    private (double A, double B)? Calibrate(IReadOnlyList<LotRow> rows, IReadOnlyList<VBuffer<float>> vectors, IReadOnlyList<int> known, string label, int size)
    {
        int Fold(LotRow r) => (int)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(r.BuyerKey.Length > 0 ? r.BuyerKey : r.NoticeKey)), 0) % CalibrationFolds);
        var folds = known.ToDictionary(i => i, i => Fold(rows[i]));
        var scores = new List<double>();
        var truth = new List<bool>();
        for (var f = 0; f < CalibrationFolds; f++)
        {
            var train = known.Where(i => folds[i] != f).ToList();
            var held = known.Where(i => folds[i] == f).ToList();
            if (held.Count == 0) continue;
            if (!train.Any(i => rows[i].Label(label)) || train.All(i => rows[i].Label(label))) return null;
            var head = TrainHead(train.Select(i => (vectors[i], rows[i].Label(label))).ToList(), size).Head;
            foreach (var i in held)
            {
                scores.Add(head.Score(vectors[i].GetIndices(), vectors[i].GetValues()));
                truth.Add(rows[i].Label(label));
            }
        }
        if (!truth.Any(t => t) || truth.All(t => t)) return null;
        return PlattScaling.Fit(scores, truth);
    }

    /// <summary>Slots of the features found in the lots of <see cref="MinimumNotices"/> training notices or more, and the labels of their CPV codes.</summary>
    public LotVocabulary Vocabulary(IReadOnlyList<LotRow> rows)
    {
        var featurizer = new LotFeaturizer(code => _labels.Label("cpv", code));
        var notices = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (name, _) in featurizer.Features(row))
            {
                if (!notices.TryGetValue(name, out var set)) notices[name] = set = new HashSet<string>(StringComparer.Ordinal);
                if (set.Count < MinimumNotices) set.Add(row.NoticeKey);
            }
        }
        var counts = notices.ToDictionary(n => n.Key, n => n.Value.Count, StringComparer.Ordinal);
        var slots = counts.Where(c => c.Value >= MinimumNotices).Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        var cpvLabels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var slot in slots.Where(s => s.StartsWith("cpv:", StringComparison.Ordinal)))
        {
            var full = slot[4..].PadRight(8, '0');
            if (_labels.Label("cpv", full) is { } label) cpvLabels[full] = label;
        }
        foreach (var row in rows)
        {
            foreach (var token in row.Codes.Split(' '))
            {
                if (token.Length == 11 && token.StartsWith("cpv", StringComparison.Ordinal) && _labels.Label("cpv", token[3..]) is { } label) cpvLabels[token[3..]] = label;
            }
        }
        return new LotVocabulary(slots, cpvLabels);
    }

    internal static VBuffer<float> ToVector(LotFeaturizer featurizer, Dictionary<string, int> slots, LotRow row)
    {
        var kept = featurizer.Features(row).Where(f => slots.ContainsKey(f.Name)).Select(f => (Slot: slots[f.Name], f.Value)).OrderBy(f => f.Slot).ToArray();
        return new VBuffer<float>(slots.Count, kept.Length, kept.Select(k => k.Value).ToArray(), kept.Select(k => k.Slot).ToArray());
    }

    /// <summary>An SDCA logistic regression head on vectors, and the ML.NET transformer it came from (to check the engine against it).</summary>
    internal (LinearHead Head, ITransformer Model) TrainHead(IReadOnlyList<(VBuffer<float> Features, bool Label)> rows, int size)
    {
        var ml = new MLContext(seed);
        var data = Data(ml, rows, size);
        var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfThreads = 1,
            L2Regularization = L2Regularization,
        });
        var model = trainer.Fit(data);
        var linear = model.Model.SubModel;
        var calibrator = model.Model.Calibrator;
        return (new LinearHead(Sdca, linear.Weights.ToArray(), linear.Bias, calibrator.Slope, calibrator.Offset), model);
    }

    /// <summary>Scores of a LightGbm model trained on the same vectors, for the comparison `clauses train` prints.</summary>
    public IReadOnlyList<double> TreeScores(LotModel model, IReadOnlyList<LotRow> train, IReadOnlyList<LotRow> test, string label)
    {
        var ml = new MLContext(seed);
        var size = model.Vocabulary.Slots.Length;
        VBuffer<float> Vector(LotRow r)
        {
            var (slots, values) = model.Vector(r);
            return new VBuffer<float>(size, slots.Length, values, slots);
        }
        var rows = train.Where(r => r.Knows(label)).Select(r => (Vector(r), r.Label(label))).ToList();
        if (rows.Count(r => r.Item2) < 2) return test.Select(_ => 0.0).ToList();
        var fitted = ml.BinaryClassification.Trainers.LightGbm(labelColumnName: "Label", featureColumnName: "Features", numberOfLeaves: 16, numberOfIterations: 100, minimumExampleCountPerLeaf: 5, learningRate: 0.1)
            .Fit(Data(ml, rows, size));
        var scored = fitted.Transform(Data(ml, test.Select(r => (Vector(r), false)).ToList(), size));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToList();
    }

    internal static IDataView Data(MLContext ml, IReadOnlyList<(VBuffer<float> Features, bool Label)> rows, int size)
    {
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(rows.Select(r => new VectorRow { Features = r.Features, Label = r.Label }), schema);
    }

    /// <summary>A tree ensemble is preferred only when its ROC-AUC beats the linear model's by more than the linear model's 95% interval half-width.</summary>
    public static string Choose(double linearAuc, double linearHalfWidth, double treeAuc) =>
        !double.IsNaN(treeAuc) && (double.IsNaN(linearAuc) || treeAuc - linearAuc > linearHalfWidth) ? LightGbm : Sdca;

    internal sealed class VectorRow
    {
        public bool Label { get; set; }
        public VBuffer<float> Features { get; set; }
    }
}

/// <summary>What was trained on and how: stored beside the model.</summary>
public sealed record ModelInfo(
    string Version,
    string TrainingSetHash,
    int TrainingLots,
    IReadOnlyDictionary<string, string> Trainers,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> CrossValidatedAuc,
    IReadOnlyDictionary<string, int> Positives);

using System.IO.Compression;
using System.Text.Json;
using ClausesSociales.CodeLists;

namespace ClausesSociales.Classification;

/// <summary>
/// The classifier as a batch engine: one featuriser, one vocabulary of feature slots, three linear
/// heads (social, reserved, green). A lot is featurised once for the three labels; its reasons are
/// the slots with the largest weight x value over the three heads, their French wording resolved
/// once per model. Saved as one zip (info.json, engine.json), loaded once per process.
/// </summary>
public sealed class LotModel
{
    private readonly Dictionary<string, int> _slots;
    private readonly string?[] _reasons;
    private readonly LinearHead[] _heads;
    private readonly LotFeaturizer _featurizer;

    public LotModel(LotVocabulary vocabulary, IReadOnlyDictionary<string, LinearHead> heads, ModelInfo info, CodeLabels? labels = null)
    {
        Vocabulary = vocabulary;
        Heads = heads;
        Info = info;
        _slots = vocabulary.Slots.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i, StringComparer.Ordinal);
        _heads = Labels.All.Select(l => heads[l]).ToArray();
        labels ??= DefaultLabels.Value;
        _featurizer = new LotFeaturizer(code => vocabulary.CpvLabels.GetValueOrDefault(code) ?? labels.Label("cpv", code));
        _reasons = vocabulary.Slots.Select(s => FeatureReasons.Describe(s, vocabulary.CpvLabels, labels)).ToArray();
    }

    private static readonly Lazy<CodeLabels> DefaultLabels = new(() => CodeLabels.Load(null));

    public ModelInfo Info { get; }
    public LotVocabulary Vocabulary { get; }
    public IReadOnlyDictionary<string, LinearHead> Heads { get; }
    public LotFeaturizer Featurizer => _featurizer;

    /// <summary>The lot's non-zero slots and values, in slot order.</summary>
    public (int[] Slots, float[] Values) Vector(LotRow row)
    {
        var features = new List<(string Name, float Value)>(64);
        _featurizer.Featurize(row, features);
        var slots = new List<(int Slot, float Value)>(features.Count);
        foreach (var (name, value) in features)
        {
            if (_slots.TryGetValue(name, out var slot)) slots.Add((slot, value));
        }
        slots.Sort((a, b) => a.Slot.CompareTo(b.Slot));
        return (slots.Select(s => s.Slot).ToArray(), slots.Select(s => s.Value).ToArray());
    }

    /// <summary>Scores lots (any number, in parallel above a few hundred), with the features that raised them most.</summary>
    public IReadOnlyList<LotPrediction> Predict(IReadOnlyList<LotRow> rows, CodeLabels? labels = null, int reasons = 3)
    {
        var result = new LotPrediction[rows.Count];
        if (rows.Count < 256)
        {
            for (var i = 0; i < rows.Count; i++) result[i] = PredictOne(rows[i], reasons);
        }
        else
        {
            Parallel.For(0, rows.Count, i => result[i] = PredictOne(rows[i], reasons));
        }
        return result;
    }

    private LotPrediction PredictOne(LotRow row, int reasons)
    {
        var (slots, values) = Vector(row);
        Span<double> p = stackalloc double[3];
        for (var h = 0; h < 3; h++) p[h] = _heads[h].Probability(_heads[h].Score(slots, values));
        IReadOnlyList<string> why = [];
        if (reasons > 0)
        {
            var contributions = new Dictionary<string, double>(StringComparer.Ordinal);
            for (var i = 0; i < slots.Length; i++)
            {
                if (_reasons[slots[i]] is not { } reason) continue;
                double sum = 0;
                for (var h = 0; h < 3; h++)
                {
                    var c = _heads[h].Weights[slots[i]] * values[i];
                    if (c > 0) sum += c;
                }
                if (sum > 0) contributions[reason] = contributions.GetValueOrDefault(reason) + sum;
            }
            why = contributions.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(reasons).Select(c => c.Key).ToList();
        }
        return new LotPrediction(p[0], p[1], p[2], why);
    }

    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var engine = zip.CreateEntry("engine.json", CompressionLevel.Fastest).Open())
        {
            JsonSerializer.Serialize(engine, new StoredEngine(Vocabulary, Labels.All.ToDictionary(l => l, l => Heads[l])), Json);
        }
        using var info = zip.CreateEntry("info.json").Open();
        JsonSerializer.Serialize(info, Info, Json);
    }

    public static LotModel Load(Stream stream, CodeLabels? labels = null)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var engineEntry = zip.GetEntry("engine.json")
            ?? throw new InvalidDataException("model has no engine.json: it was saved by an earlier version (one ML.NET pipeline per label); train a new one with `clauses train` or `clauses retrain`");
        StoredEngine engine;
        using (var s = engineEntry.Open()) engine = JsonSerializer.Deserialize<StoredEngine>(s, Json) ?? throw new InvalidDataException("model engine.json is empty");
        using var infoStream = (zip.GetEntry("info.json") ?? throw new InvalidDataException("model has no info.json")).Open();
        var info = JsonSerializer.Deserialize<ModelInfo>(infoStream, Json) ?? throw new InvalidDataException("model info.json is empty");
        foreach (var label in Labels.All)
        {
            if (!engine.Heads.TryGetValue(label, out var head)) throw new InvalidDataException($"model has no {label} head");
            if (head.Weights.Length != engine.Vocabulary.Slots.Length) throw new InvalidDataException($"model {label} head has {head.Weights.Length} weights for {engine.Vocabulary.Slots.Length} slots");
        }
        return new LotModel(engine.Vocabulary, engine.Heads, info, labels);
    }

    private sealed record StoredEngine(LotVocabulary Vocabulary, Dictionary<string, LinearHead> Heads);

    // A label without positives in a set has no AUC: NaN is written as "NaN", not refused.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

/// <summary>The feature slots a model knows, and the French labels of the CPV codes among them (resolved at training).</summary>
public sealed record LotVocabulary(string[] Slots, Dictionary<string, string> CpvLabels);

/// <summary>The three probabilities of a lot and the features that raised them, as sentences.</summary>
public sealed record LotPrediction(double Social, double Reserved, double Green, IReadOnlyList<string> Reasons)
{
    public LotScores Scores => new(Social, Reserved, Green);
}

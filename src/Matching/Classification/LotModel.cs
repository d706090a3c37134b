using System.IO.Compression;
using System.Text.Json;
using ClausesSociales.CodeLists;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace ClausesSociales.Classification;

/// <summary>The three trained models, saved together as one zip, loaded once per process.</summary>
public sealed class LotModel
{
    private readonly MLContext _ml;
    private readonly IReadOnlyDictionary<string, ITransformer> _models;
    private readonly Dictionary<string, string[]> _slotNames = [];

    public LotModel(MLContext ml, IReadOnlyDictionary<string, ITransformer> models, ModelInfo info)
    {
        _ml = ml;
        _models = models;
        Info = info;
    }

    public ModelInfo Info { get; }

    /// <summary>Below this many lots, prediction engines (one per label and thread) beat a batch transform.</summary>
    public const int SingleLotThreshold = 4;

    private readonly ThreadLocal<Dictionary<string, PredictionEngine<LabelledRow, ScoredRow>>> _engines = new(() => []);

    private sealed class ScoredRow
    {
        public float Probability { get; set; }
        public float[] FeatureContributions { get; set; } = [];
    }

    /// <summary>Scores lots in one batch per label, with the features that pushed each probability up.</summary>
    public IReadOnlyList<LotPrediction> Predict(IReadOnlyList<LotRow> rows, CodeLabels? labels = null, int reasons = 3)
    {
        var probabilities = Labels.All.ToDictionary(l => l, _ => new float[rows.Count]);
        var contributions = rows.Select(_ => new List<(float Weight, string Reason)>()).ToArray();
        foreach (var label in Labels.All)
        {
            if (rows.Count < SingleLotThreshold)
            {
                var engines = _engines.Value!;
                if (!engines.TryGetValue(label, out var engine)) engines[label] = engine = _ml.Model.CreatePredictionEngine<LabelledRow, ScoredRow>(_models[label]);
                var slotNames = SlotNames(label, () => _models[label].Transform(_ml.Data.LoadFromEnumerable(new[] { rows[0].For(label) })));
                for (var r = 0; r < rows.Count; r++)
                {
                    var one = engine.Predict(rows[r].For(label));
                    probabilities[label][r] = one.Probability;
                    for (var slot = 0; slot < one.FeatureContributions.Length; slot++)
                    {
                        var value = one.FeatureContributions[slot];
                        if (value > 0 && FeatureReasons.Describe(slotNames[slot], labels) is { } reason) contributions[r].Add((value, reason));
                    }
                }
                continue;
            }
            var data = _ml.Data.LoadFromEnumerable(rows.Select(r => r.For(label)));
            var scored = _models[label].Transform(data);
            var names = SlotNames(label, () => scored);
            var i = 0;
            using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "Probability" or "FeatureContributions"));
            var probability = cursor.GetGetter<float>(scored.Schema["Probability"]);
            var contribution = cursor.GetGetter<VBuffer<float>>(scored.Schema["FeatureContributions"]);
            float p = 0;
            var buffer = default(VBuffer<float>);
            while (cursor.MoveNext())
            {
                probability(ref p);
                probabilities[label][i] = p;
                contribution(ref buffer);
                foreach (var (slot, value) in buffer.Items())
                {
                    if (value > 0 && FeatureReasons.Describe(names[slot], labels) is { } reason) contributions[i].Add((value, reason));
                }
                i++;
            }
        }
        return rows.Select((r, i) => new LotPrediction(
            probabilities[Labels.Social][i], probabilities[Labels.Reserved][i], probabilities[Labels.Green][i],
            contributions[i].GroupBy(c => c.Reason).Select(g => (Weight: g.Sum(c => c.Weight), Reason: g.Key))
                .OrderByDescending(c => c.Weight).Take(reasons).Select(c => c.Reason).ToList())).ToList();
    }

    private string[] SlotNames(string label, Func<IDataView> scored)
    {
        lock (_slotNames)
        {
            if (_slotNames.TryGetValue(label, out var cached)) return cached;
        }
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        scored().Schema["Features"].GetSlotNames(ref names);
        var result = names.DenseValues().Select(n => n.ToString()).ToArray();
        lock (_slotNames) _slotNames[label] = result;
        return result;
    }

    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var (label, model) in _models)
        {
            using var entry = zip.CreateEntry($"{label}.zip", CompressionLevel.NoCompression).Open();
            var schema = _ml.Data.LoadFromEnumerable(Array.Empty<LabelledRow>()).Schema;
            _ml.Model.Save(model, schema, entry);
        }
        using var info = zip.CreateEntry("info.json").Open();
        JsonSerializer.Serialize(info, Info, Json);
    }

    public static LotModel Load(Stream stream, int seed = 1)
    {
        var ml = new MLContext(seed);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var models = new Dictionary<string, ITransformer>();
        foreach (var label in Labels.All)
        {
            var entry = zip.GetEntry($"{label}.zip") ?? throw new InvalidDataException($"model has no {label}.zip");
            using var buffer = new MemoryStream();
            using (var s = entry.Open()) s.CopyTo(buffer);
            buffer.Position = 0;
            models[label] = ml.Model.Load(buffer, out _);
        }
        using var infoStream = (zip.GetEntry("info.json") ?? throw new InvalidDataException("model has no info.json")).Open();
        var info = JsonSerializer.Deserialize<ModelInfo>(infoStream, Json) ?? throw new InvalidDataException("model info.json is empty");
        return new LotModel(ml, models, info);
    }

    // A label without positives in a set has no AUC: NaN is written as "NaN", not refused.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

/// <summary>The three probabilities of a lot and the features that raised them, as sentences.</summary>
public sealed record LotPrediction(double Social, double Reserved, double Green, IReadOnlyList<string> Reasons)
{
    public LotScores Scores => new(Social, Reserved, Green);
}

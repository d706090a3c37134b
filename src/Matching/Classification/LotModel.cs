using System.IO.Compression;
using System.Text.Json;
using ClausesSociales.CodeLists;

namespace ClausesSociales.Classification;

/// <summary>
/// The classifier as a batch engine: one featuriser, one vocabulary of feature slots, three linear
/// heads (social, reserved, green). A lot is featurised once for the three labels; its reasons are
/// the slots that raise its score most above the average lot's, in the heads of the labels it is
/// shown as likely for and its buyer did not declare (none when there are none), what the lot is (CPV, words, public knowledge) before
/// its context (regime, buyer kind and activity, nature, amount, duration), their French wording resolved once
/// per model. Saved as one zip (info.json, engine.json, notices.txt), loaded once per process.
/// </summary>
public sealed class LotModel
{
    private readonly Dictionary<string, int> _slots;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slotsBySpan;
    private readonly int[] _reasonOfSlot;
    private readonly float[]? _means;
    private readonly bool[] _contextReason;
    private readonly string[] _reasonTexts;
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
        _slotsBySpan = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
        // Slot names resolved into French reasons once per model; slots worded alike share one reason.
        var texts = vocabulary.Slots.Select(s => FeatureReasons.Describe(s, vocabulary.CpvLabels, labels)).ToArray();
        _reasonTexts = texts.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var reasonIds = _reasonTexts.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        _reasonOfSlot = texts.Select(t => t is null ? -1 : reasonIds[t]).ToArray();
        _contextReason = new bool[_reasonTexts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            if (_reasonOfSlot[i] >= 0 && FeatureReasons.IsContext(vocabulary.Slots[i])) _contextReason[_reasonOfSlot[i]] = true;
        }
        _means = vocabulary.Means is { } means && means.Length == vocabulary.Slots.Length ? means : null;
    }

    /// <summary>Collects a lot's slots as the featuriser names its features.</summary>
    private sealed class SlotSink(LotModel model) : IFeatureSink
    {
        public readonly List<(int Slot, float Value)> Slots = new(128);
        public LotModel Model => model;
        private readonly int[] _seen = new int[model._slots.Count];
        private int _stamp;

        /// <summary>Starts a lot: its slots, each once, without sorting.</summary>
        public void Begin()
        {
            Slots.Clear();
            if (++_stamp == int.MaxValue)
            {
                Array.Clear(_seen);
                _stamp = 1;
            }
        }

        public void Add(ReadOnlySpan<char> name, float value)
        {
            if (!model._slotsBySpan.TryGetValue(name, out var slot) || _seen[slot] == _stamp) return;
            _seen[slot] = _stamp;
            Slots.Add((slot, value));
        }
    }

    /// <summary>A reason's contribution must reach this share of the lot's largest to be given.</summary>
    public const double MinimumReasonShare = 0.25;

    [ThreadStatic] private static SlotSink? _sink;

    /// <summary>Where each reason sits in the lot being explained (-1: not yet), reset after each lot.</summary>
    [ThreadStatic] private static int[]? _positions;

    private static int[] NewPositions(int count)
    {
        var positions = new int[count];
        Array.Fill(positions, -1);
        return positions;
    }

    private static readonly Lazy<CodeLabels> DefaultLabels = new(() => CodeLabels.Load(null));

    public ModelInfo Info { get; }

    /// <summary>
    /// The notices the model learned from (<see cref="LotRow.NoticeKey"/>), saved with it: a model is
    /// judged only on notices it never saw. Null for a model saved before they were kept.
    /// </summary>
    public IReadOnlySet<string>? TrainingNotices { get; init; }

    public LotVocabulary Vocabulary { get; }
    public IReadOnlyDictionary<string, LinearHead> Heads { get; }
    public LotFeaturizer Featurizer => _featurizer;

    /// <summary>The lot's non-zero slots and values, in slot order.</summary>
    public (int[] Slots, float[] Values) Vector(LotRow row)
    {
        var sink = Featurized(row);
        sink.Slots.Sort((a, b) => a.Slot.CompareTo(b.Slot));
        return (sink.Slots.Select(x => x.Slot).ToArray(), sink.Slots.Select(x => x.Value).ToArray());
    }

    /// <summary>The lot's slots in this thread's sink, each once, in the order the featuriser named them.</summary>
    private SlotSink Featurized(LotRow row)
    {
        var sink = _sink is { } s && ReferenceEquals(s.Model, this) ? s : _sink = new SlotSink(this);
        sink.Begin();
        _featurizer.Featurize(row, sink);
        return sink;
    }

    /// <summary>
    /// Scores lots (any number, in parallel above a few hundred), with the features that raised
    /// them most. A head with a <see cref="LinearHead.NoticeShare"/> weighs each lot's score with
    /// its notice's lots among <paramref name="rows"/>: pass every lot of a notice together.
    /// </summary>
    public IReadOnlyList<LotPrediction> Predict(IReadOnlyList<LotRow> rows, CodeLabels? labels = null, int reasons = 3)
    {
        var scores = new double[3][];
        for (var h = 0; h < 3; h++) scores[h] = new double[rows.Count];
        var result = new LotPrediction[rows.Count];
        ForEach(rows.Count, i => result[i] = PredictOne(rows[i], scores, null, i, scored: false, reasons));
        if (!_heads.Any(h => h.NoticeShare > 0)) return result;
        var keys = rows.Select(r => r.NoticeKey).ToArray();
        // What each notice adds to its lots' scores, for the heads that weigh it (the others add nothing).
        var lifts = new double[]?[3];
        for (var h = 0; h < 3; h++)
        {
            if (_heads[h].NoticeShare <= 0) continue;
            var own = (double[])scores[h].Clone();
            _heads[h].WithNotice(scores[h], keys);
            var lift = lifts[h] = new double[rows.Count];
            for (var i = 0; i < rows.Count; i++) lift[i] = scores[h][i] - own[i];
        }
        // Weighed with its notice, a lot whose labels shown as likely stay the same, and whose
        // notice raises none of them, keeps its reasons; the others are explained again.
        ForEach(rows.Count, i =>
        {
            var (p, likely) = Probabilities(scores, i);
            var raised = false;
            for (var h = 0; h < 3; h++) raised |= (likely & (1 << h)) != 0 && lifts[h]?[i] > 0;
            result[i] = ReferenceEquals(LikelySets[likely], result[i].Likely) && !(raised && reasons > 0)
                ? result[i] with { Social = p.Social, Reserved = p.Reserved, Green = p.Green }
                : PredictOne(rows[i], scores, lifts, i, scored: true, reasons);
        });
        return result;
    }

    /// <summary>The reason of a lot whose notice's other lots raise its score (<see cref="LinearHead.NoticeShare"/>).</summary>
    public const string NoticeReason = "les autres lots de la même consultation";

    private static void ForEach(int count, Action<int> body)
    {
        if (count < 256) for (var i = 0; i < count; i++) body(i);
        else Parallel.For(0, count, body);
    }

    /// <summary>The labels shown as likely, by bit mask of the heads (one shared list per combination).</summary>
    private static readonly string[][] LikelySets = Enumerable.Range(0, 8).Select(mask => Labels.All.Where((_, h) => (mask & (1 << h)) != 0).ToArray()).ToArray();

    /// <summary>The three probabilities of lot <paramref name="i"/>'s scores, and the mask of the heads whose threshold they reach.</summary>
    private ((double Social, double Reserved, double Green), int Likely) Probabilities(double[][] scores, int i)
    {
        var p = (_heads[0].Probability(scores[0][i]), _heads[1].Probability(scores[1][i]), _heads[2].Probability(scores[2][i]));
        var likely = (p.Item1 >= _heads[0].Threshold ? 1 : 0) | (p.Item2 >= _heads[1].Threshold ? 2 : 0) | (p.Item3 >= _heads[2].Threshold ? 4 : 0);
        return (p, likely);
    }

    /// <summary>
    /// Lot <paramref name="index"/>'s prediction; its scores are computed into <paramref name="scores"/>
    /// unless <paramref name="scored"/>. <paramref name="lifts"/>: what its notice added to each head's score, once weighed.
    /// </summary>
    private LotPrediction PredictOne(LotRow row, double[][] scores, double[]?[]? lifts, int index, bool scored, int reasons)
    {
        var sink = scored ? null : Featurized(row);
        if (sink is not null)
        {
            var slots = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(sink.Slots);
            for (var h = 0; h < 3; h++)
            {
                var head = _heads[h];
                double score = head.Bias;
                foreach (var (slot, value) in slots) score += (double)head.Weights[slot] * value;
                scores[h][index] = score;
            }
        }
        var (p, likely) = Probabilities(scores, index);
        // The reasons explain what the model adds: a label its buyer declared needs none.
        var explained = likely;
        for (var h = 0; h < 3; h++) if (row.Label(Labels.All[h])) explained &= ~(1 << h);
        IReadOnlyList<string> why = [];
        if (reasons > 0 && explained != 0)
        {
            var lot = System.Runtime.InteropServices.CollectionsMarshal.AsSpan((sink ?? Featurized(row)).Slots);
            // Weight x (value - the training lots' mean value) over the lot's non-zero slots: what
            // raises this lot's score above the average lot's (a linear model's Shapley values), so
            // that what nearly every lot has does not crowd out what sets it apart. Positive
            // contributions of the heads of the labels shown as likely and not declared, summed by
            // reason. A lot shown as likely for nothing has no reason to give.
            Span<int> ids = stackalloc int[lot.Length + 1];
            Span<double> sums = stackalloc double[lot.Length + 1];
            var position = _positions is { } known && known.Length == _reasonTexts.Length ? known : _positions = NewPositions(_reasonTexts.Length);
            var n = 0;
            for (var i = 0; i < lot.Length; i++)
            {
                var (slot, value) = lot[i];
                var id = _reasonOfSlot[slot];
                if (id < 0) continue;
                double sum = 0;
                var above = value - (_means is { } means ? means[slot] : 0f);
                for (var h = 0; h < 3; h++)
                {
                    if ((explained & (1 << h)) == 0) continue;
                    var c = (double)_heads[h].Weights[slot] * above;
                    if (c > 0) sum += c;
                }
                if (sum <= 0) continue;
                var at = position[id];
                if (at >= 0) sums[at] += sum;
                else { position[id] = n; ids[n] = id; sums[n] = sum; n++; }
            }
            for (var i = 0; i < n; i++) position[ids[i]] = -1;
            // The notice's other lots, as one context reason, by what they added to the heads explained.
            double lift = 0;
            for (var h = 0; h < 3 && lifts is not null; h++) if ((explained & (1 << h)) != 0 && lifts[h]?[index] is > 0 and var added) lift += added;
            if (lift > 0) { ids[n] = NoticeReasonId; sums[n] = lift; n++; }
            var top = new List<string>(Math.Min(reasons, n));
            // A reason weighs at least a quarter of the lot's largest own reason: no trivia ("mot : article") after a
            // real one. What its other lots add does not count there, so that it never hides what the lot itself is.
            double largest = 0;
            for (var i = 0; i < n; i++) if (ids[i] != NoticeReasonId) largest = Math.Max(largest, sums[i]);
            if (largest == 0) largest = lift;
            for (var i = 0; i < n; i++) if (sums[i] < MinimumReasonShare * largest) sums[i] = -1;
            for (var r = 0; r < reasons && r < n; r++)
            {
                var best = -1;
                for (var i = 0; i < n; i++)
                {
                    if (sums[i] < 0) continue;
                    if (best < 0) { best = i; continue; }
                    // What the lot is first, then its context; the larger contribution first within each.
                    var (context, bestContext) = (IsContext(ids[i]), IsContext(ids[best]));
                    if (context != bestContext) { if (!context) best = i; continue; }
                    if (sums[i] > sums[best] || (sums[i] == sums[best] && string.CompareOrdinal(Text(ids[i]), Text(ids[best])) < 0)) best = i;
                }
                if (best < 0) break;
                top.Add(Text(ids[best]));
                sums[best] = -1;
            }
            why = top;
        }
        return new LotPrediction(p.Social, p.Reserved, p.Green, why, LikelySets[likely]);
    }

    private const int NoticeReasonId = -2;

    private string Text(int reason) => reason == NoticeReasonId ? NoticeReason : _reasonTexts[reason];

    private bool IsContext(int reason) => reason == NoticeReasonId || _contextReason[reason];

    public void Save(Stream stream)
    {
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        using (var engine = zip.CreateEntry("engine.json", CompressionLevel.Fastest).Open())
        {
            JsonSerializer.Serialize(engine, new StoredEngine(Vocabulary, Labels.All.ToDictionary(l => l, l => Heads[l])), Json);
        }
        using (var info = zip.CreateEntry("info.json").Open()) JsonSerializer.Serialize(info, Info, Json);
        if (TrainingNotices is null) return;
        using var notices = new StreamWriter(zip.CreateEntry("notices.txt", CompressionLevel.Fastest).Open());
        foreach (var key in TrainingNotices.Order(StringComparer.Ordinal)) notices.Write(key + "\n");
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
        HashSet<string>? notices = null;
        if (zip.GetEntry("notices.txt") is { } noticesEntry)
        {
            using var reader = new StreamReader(noticesEntry.Open());
            notices = new HashSet<string>(StringComparer.Ordinal);
            while (reader.ReadLine() is { } line) if (line.Length > 0) notices.Add(line);
        }
        return new LotModel(engine.Vocabulary, engine.Heads, info, labels) { TrainingNotices = notices };
    }

    private sealed record StoredEngine(LotVocabulary Vocabulary, Dictionary<string, LinearHead> Heads);

    // A label without positives in a set has no AUC: NaN is written as "NaN", not refused.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
}

/// <summary>
/// The feature slots a model knows, the French labels of the CPV codes among them (resolved at
/// training), and each slot's mean value over the training lots (null in a model saved before they
/// were kept): a reason is what sets a lot apart from the average lot.
/// </summary>
public sealed record LotVocabulary(string[] Slots, Dictionary<string, string> CpvLabels, float[]? Means = null);

/// <summary>The three probabilities of a lot, the features that raised the probabilities of the labels it is shown as likely for (as sentences), and those labels: the ones whose probability reached its head's threshold.</summary>
public sealed record LotPrediction(double Social, double Reserved, double Green, IReadOnlyList<string> Reasons, IReadOnlyList<string> Likely)
{
    public LotScores Scores => new(Social, Reserved, Green, Likely.Contains(Labels.Social));
}

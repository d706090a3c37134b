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

    /// <summary>L2 penalties tried by grouped cross-validation (null: SDCA's own choice), per label; the first is the reference. Null: <see cref="DefaultL2Penalties"/>.</summary>
    public Func<string, IReadOnlyList<float?>>? L2Penalties { get; init; }

    /// <summary>Shares of the public-knowledge prior tried by grouped cross-validation, for every label; null: <see cref="DefaultPriorShares"/>.</summary>
    public IReadOnlyList<double>? PriorShareCandidates { get; init; }

    /// <summary>
    /// The share of the public-knowledge prior served by default, one per label, fixed on new
    /// notices rather than picked by the training lots' own cross-validation: with a few dozen
    /// positive notices, that choice follows the folds (it picked 0.75 or 1 for green, whose new
    /// notices then ranked at 0.679). Measured by five folds of files over the real corpora, three
    /// fold draws, each fold's lots scored by a model trained on the others (see README, "Evaluation"):
    /// <list type="bullet">
    /// <item>social 0.75: ROC-AUC 0.397 at 0, 0.521 at 0.25, 0.759 at 0.5, 0.843 at 0.75, 0.869 at 1
    /// (1 would leave nothing to learn from the buyers' answers);</item>
    /// <item>reserved 0.5: 0.763 at 0, 0.772 at 0.25, 0.778 at 0.5, 0.757 at 0.75, 0.605 at 1; held
    /// corpus by corpus, 0.722 at 0.5 against 0.673 at 0;</item>
    /// <item>green 0.5: 0.566 at 0, 0.649 at 0.25, 0.758 at 0.5, 0.699 at 0.75, 0.548 at 1.</item>
    /// </list>
    /// Measured again with each fold's model trained on all its training lots (as `clauses train`
    /// serves it): reserved 0.869 at 0.25, 0.875 at 0.5, 0.854 at 0.75; green 0.837, 0.837, 0.737;
    /// social 0.668 at 0.25, 0.868 at 0.75.
    /// With the L2 penalty of 0.0003 (<see cref="DefaultL2Penalties"/>), six fold draws: green 0.861 at
    /// 0.3, 0.855 at 0.4 (each draw higher than at 0.5), 0.840 at 0.5, 0.820 at 0.6; it serves 0.4, which
    /// holds corpus by corpus (pooled 0.685 against 0.680) where 0.3 loses more of the grouped split
    /// (0.757 against 0.781; 0.770 at 0.4). Reserved keeps 0.5: 0.897 at 0.4 against 0.894, but held
    /// corpus by corpus pooled 0.690 against 0.709.
    /// </summary>
    public static IReadOnlyList<double> DefaultPriorShares(string label) => label switch { Labels.Social => [0.75], Labels.Green => [0.4], _ => [0.5] };

    /// <summary>The share of the notice's mean score in a lot's score, per label (<see cref="LinearHead.NoticeShare"/>); null: <see cref="DefaultNoticeShares"/>.</summary>
    public Func<string, double>? NoticeShares { get; init; }

    /// <summary>
    /// Reserved 0.5: a reservation is decided for the consultation as much as for the lot (a TED
    /// form reserves the whole contract, never one lot), so a lot's score is half its own, half its
    /// notice's lots' mean; a notice's lots keep their order. Five folds of files over the real
    /// corpora, six fold draws: ROC-AUC 0.883 against 0.878 at 0, higher in every draw (0.882 at
    /// 0.25, 0.884 at 1, where a notice's lots would all read alike); social and green moved by
    /// less than 0.002 and keep 0.
    /// </summary>
    public static double DefaultNoticeShares(string label) => label == Labels.Reserved ? 0.5 : 0;

    /// <summary>Feature families left out, by name prefix, of every head ("pays:") or of one label's ("social=pays:"); see <see cref="DefaultExcludedFeatures"/>.</summary>
    public IReadOnlyList<string> ExcludedFeatures { get; init; } = DefaultExcludedFeatures;

    /// <summary>
    /// Each notice weighs at most this many lots in training (a lot of a notice of n lots weighs
    /// min(1, cap / n)): one buyer's decision, copied on a hundred lots, would otherwise outweigh
    /// a hundred buyers'. Null: every lot weighs 1.
    /// </summary>
    public int? LotsPerNotice { get; init; } = DefaultLotsPerNotice;

    public static readonly int? DefaultLotsPerNotice = null;

    /// <summary>Training weights of rows: min(1, <see cref="LotsPerNotice"/> / lots of the row's notice among them).</summary>
    private float[]? Weights(IReadOnlyList<LotRow> rows, IReadOnlyList<int> indexes)
    {
        if (LotsPerNotice is not { } cap) return null;
        var counts = indexes.GroupBy(i => rows[i].NoticeKey).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return indexes.Select(i => Math.Min(1f, cap / (float)counts[rows[i].NoticeKey])).ToArray();
    }

    /// <summary>
    /// Feature families left out by default (see README, "Features"), per label ("label=prefix";
    /// a bare prefix leaves the family out of every head and gives it no slot). Measured by five
    /// folds of files over the real corpora, three fold draws (the stand-in for new notices of the
    /// same publishers), and by holding each corpus apart:
    /// <list type="bullet">
    /// <item>social: the region and the notice around the lot (its lot count, its lots' CPV groups)
    /// ranked worse (folds of files: 0.833 without, 0.680 with the notice, 0.637 with both); the
    /// country, once eForms countries were read as NUTS codes, ranked better (0.879 with, 0.853
    /// without; held out corpus by corpus 0.741 against 0.716);</item>
    /// <item>green: the country and region ranked worse (0.679 without, 0.639 with);</item>
    /// <item>reserved keeps the country and the region: a reservation is a practice of the buyer's
    /// country as much as of the lot (Spain's reserved-contract quotas, France's ESAT and EA; 0.714
    /// without the country, 0.778 with). The notice around the lot (its lots' CPV groups) left the
    /// reserved head once its score took half its notice's mean (<see cref="DefaultNoticeShares"/>),
    /// which carries the same: 6 draws of the folds of files 0.887 without against 0.883 with (5 draws
    /// of 6 higher), grouped split 0.794 against 0.793, held out corpus by corpus pooled 0.704
    /// against 0.697 (TED R2 2014-2022 0.785 against 0.778, packages 0.796 against 0.776; eForms,
    /// 2 positives, 0.854 against 0.875);
    /// it alone takes the French department, where buyers reserve more or less as their territory's
    /// clause facilitators, ESAT and entreprises adaptées lead them (6 draws of the folds of files:
    /// 0.876 with, 0.869 without, better in each draw).</item>
    /// </list>
    /// </summary>
    public static readonly string[] DefaultExcludedFeatures =
    [
        "social=region:", "social=ctx:", "social=nlots:", "social=dep:", "social=mention:", "reserved=ctx:", "green=pays:", "green=region:", "green=dep:", "green=activite:", "green=mention:",
    ];

    /// <summary>Whether a feature family is left out of a label's head.</summary>
    public bool Excludes(string label, string slot) => ExcludedFeatures.Any(e =>
    {
        var at = e.IndexOf('=');
        return (at < 0 || e.AsSpan(0, at).SequenceEqual(label)) && slot.StartsWith(e[(at + 1)..], StringComparison.Ordinal);
    });

    /// <summary>The vectors with the slots the label's head leaves out removed.</summary>
    private List<VBuffer<float>> Masked(IReadOnlyList<VBuffer<float>> vectors, string[] slots, string label)
    {
        var excluded = slots.Select(s => Excludes(label, s)).ToArray();
        if (!excluded.Any(x => x)) return vectors.ToList();
        return vectors.Select(v =>
        {
            var indices = v.GetIndices().ToArray();
            var values = v.GetValues().ToArray();
            var keep = Enumerable.Range(0, indices.Length).Where(k => !excluded[indices[k]]).ToArray();
            return new VBuffer<float>(v.Length, keep.Length, keep.Select(k => values[k]).ToArray(), keep.Select(k => indices[k]).ToArray());
        }).ToList();
    }

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
        var allVectors = rows.Select(r => ToVector(featurizer, slots, r)).ToList();
        var heads = new Dictionary<string, LinearHead>();
        foreach (var label in Labels.All)
        {
            var vectors = Masked(allVectors, vocabulary.Slots, label);
            var known = Enumerable.Range(0, rows.Count).Where(i => rows[i].Knows(label)).ToList();
            var positives = known.Count(i => rows[i].Label(label));
            progress?.Invoke($"{label}: training sdca on {known.Count} lots whose label is known ({positives} positives)");
            var prior = PriorSlots(vocabulary.Slots, label);
            var penalties = (L2Penalties ?? DefaultL2Penalties)(label);
            var choice = Choose(rows, vectors, known, label, vocabulary.Slots.Length, prior, penalties, PriorShareCandidates ?? DefaultPriorShares(label));
            var head = TrainHead(known.Select(i => (vectors[i], rows[i].Label(label))).ToList(), vocabulary.Slots.Length, choice is { } c ? c.L2 : penalties[0], Weights(rows, known)).Head;
            if (choice is { } chosen)
            {
                progress?.Invoke($"{label}: grouped {CalibrationFolds}-fold ROC-AUC {chosen.Auc:F3} with L2 {chosen.L2?.ToString("G3", System.Globalization.CultureInfo.InvariantCulture) ?? "auto"} and public-knowledge share {chosen.PriorShare:F2} (default {chosen.DefaultAuc:F3}); probabilities calibrated on out-of-fold scores (A {chosen.A:F3}, B {chosen.B:F3})");
                head = Blend(head, prior, chosen.Scale, chosen.PriorShare) with { Slope = chosen.A, Offset = chosen.B };
            }
            // The served head's own scores set where lots are shown as likely: the out-of-fold
            // heads, trained on less, score on another scale.
            head = head with { NoticeShare = (NoticeShares ?? DefaultNoticeShares)(label) };
            var scores = vectors.Select(v => head.Score(v.GetIndices(), v.GetValues())).ToArray();
            head.WithNotice(scores, rows.Select(r => r.NoticeKey).ToArray());
            var probabilities = ModelEvaluation.Capped(rows, label).Select(i => head.Probability(scores[i])).ToList();
            head = head with { Threshold = TopShareThreshold(probabilities, LikelyShare) };
            progress?.Invoke($"{label}: shown as likely from a probability of {head.Threshold.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)}, the top {LikelyShare.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)} of the training lots");
            heads[label] = head;
        }
        return new LotModel(vocabulary, heads, new ModelInfo(
            DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture),
            trainingSetHash, rows.Count, Labels.All.ToDictionary(l => l, _ => Sdca), new Dictionary<string, IReadOnlyDictionary<string, double>>(),
            Labels.All.ToDictionary(l => l, l => rows.Count(r => r.Knows(l) && r.Label(l)))), _labels)
        {
            TrainingNotices = rows.Select(r => r.NoticeKey).ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The recipe every training follows: the lots split by procedure and buyer
    /// (<see cref="TrainingSet.SplitByNotice"/>), a model trained on 70% and measured on the notices
    /// held apart, then the model served, trained the same way on every lot (new notices are scored by
    /// what all the labelled notices teach; the split's figures are those of its recipe).
    /// </summary>
    public MeasuredTraining TrainMeasured(IReadOnlyList<LotRow> rows, Action<string>? progress = null, IReadOnlyList<string>? trainers = null)
    {
        var (train, test) = TrainingSet.SplitByNotice(rows);
        var measured = Train(train, TrainingSet.Hash(train), progress, trainers);
        progress?.Invoke($"evaluating on the {test.Count} lots held apart");
        var evaluation = ModelEvaluation.Evaluate(measured, test, train);
        progress?.Invoke($"training the model served on all {rows.Count} lots");
        var served = Train(rows, TrainingSet.Hash(rows), progress, trainers);
        return new MeasuredTraining(measured, evaluation, served, train, test);
    }

    /// <summary>Folds of the calibration, grouped by buyer (by notice when the buyer is unknown).</summary>
    public const int CalibrationFolds = 5;

    /// <summary>
    /// The L2 penalty of each head, fixed on new notices: five folds of files over the real corpora,
    /// six fold draws (see README, "Evaluation"), ROC-AUC by penalty (auto: SDCA's own choice):
    /// <list type="bullet">
    /// <item>reserved 0.0003: 0.894, higher than auto (0.887) in each of the six draws; 0.891 at
    /// 0.0001, 0.892 at 0.001, 0.817 at 0.01;</item>
    /// <item>green 0.0003: 0.840 against 0.835 at auto (4 draws of 6 higher); 0.839 at 0.0001, 0.841
    /// at 0.001, 0.824 at 0.01;</item>
    /// <item>social keeps auto: 0.903, against 0.898 at 0.0001, 0.891 at 0.0003, 0.876 at 0.001.</item>
    /// </list>
    /// Stronger penalties ranked worse on the training part's grouped folds too (social 0.56 at 0.1, reserved 0.55; at 1
    /// every weight vanishes, 0.50).
    /// </summary>
    public static IReadOnlyList<float?> DefaultL2Penalties(string label) => label == Labels.Social ? [null] : [0.0003f];

    /// <summary>
    /// A candidate must beat SDCA alone (automatic L2, no prior) by this much of out-of-fold ROC-AUC
    /// to be served: with a few dozen positive notices, smaller gains are fold noise.
    /// </summary>
    public const double MinimumGain = 0.02;

    /// <summary>The flattest Platt slope served (P = 1 / (1 + exp(A x score + B)), A negative): probabilities near the base rate, the head's order kept.</summary>
    public const double MinimumSlope = 1e-3;

    /// <summary>The head chosen by grouped cross-validation and its Platt sigmoid on the out-of-fold scores.</summary>
    public sealed record HeadChoice(float? L2, double PriorShare, double Scale, double Auc, double DefaultAuc, double A, double B);

    /// <summary>
    /// The share of lots shown as likely to carry a label when their buyer declared nothing: the
    /// fifth of the training lots the served head ranks highest (<see cref="LinearHead.Threshold"/>;
    /// at most <see cref="ModelEvaluation.MaxLotsPerNotice"/> lots per notice), the operating point
    /// of the "top 20% recall" the training prints. Calibrated probabilities stay near the labels'
    /// base rates (a few percent), so a fixed 0.5 showed almost no lot; a fifth is below the 30% of
    /// contracts with a social consideration the national plan for sustainable procurement (PNAAD
    /// 2022-2025) asks of buyers.
    /// </summary>
    public const double LikelyShare = 0.2;

    /// <summary>
    /// The lowest probability that at most <paramref name="share"/> of the lots reach: lots tied at
    /// the boundary are all in or all out, so a head that ties every lot shows none as likely.
    /// </summary>
    public static double TopShareThreshold(IReadOnlyList<double> probabilities, double share)
    {
        var sorted = probabilities.OrderDescending().ToList();
        var k = (int)Math.Floor(share * sorted.Count);
        if (sorted.Count == 0) return 1;
        if (k == 0) return Math.BitIncrement(sorted[0]);
        if (k == sorted.Count || sorted[k] < sorted[k - 1]) return sorted[k - 1];
        // The k-th lot is tied with the next ones: the line moves up to the last value above the tie.
        var above = sorted.FindLastIndex(k - 1, p => p > sorted[k - 1]);
        return above >= 0 ? sorted[above] : Math.BitIncrement(sorted[0]);
    }

    /// <summary>
    /// The public-knowledge slots of a label (social: trades of the clauses d'insertion guides and the services of article 77 of directive 2014/24/EU;
    /// reserved: families of reserved contracts and the lot's text saying it is reserved, which counts 3; green: EU GPP product groups): their count on a lot
    /// is a prior score that does not depend on our few labels.
    /// </summary>
    public static int[] PriorSlots(string[] slots, string label)
    {
        // The services of article 77 of directive 2014/24/EU are the ones buyers may reserve to
        // organisations with a public-service mission (eForms res-pub-ser).
        string[] prefixes = label switch { Labels.Social => ["metier:", "social:"], Labels.Reserved => ["reserve:", "social:", "mention:"], _ => ["gpp:"] };
        return Enumerable.Range(0, slots.Length).Where(i => prefixes.Any(p => slots[i].StartsWith(p, StringComparison.Ordinal))).ToArray();
    }

    /// <summary>
    /// A head served as (1 - share) x its score / scale + share x the count of the label's
    /// public-knowledge slots: still weights x values + bias, so the engine and the model format do
    /// not change.
    /// </summary>
    public static LinearHead Blend(LinearHead head, IReadOnlyList<int> priorSlots, double scale, double share)
    {
        if (share == 0) return head;
        var factor = (1 - share) / scale;
        var weights = head.Weights.Select(w => (float)(w * factor)).ToArray();
        foreach (var slot in priorSlots) weights[slot] += (float)share;
        return head with { Weights = weights, Bias = (float)(head.Bias * factor) };
    }

    /// <summary>
    /// Grouped cross-validation over the training lots (<see cref="CalibrationFolds"/> folds by
    /// buyer, by notice when the buyer is unknown): each lot scored by heads trained without its
    /// buyer's lots, for each L2 penalty and each share of the public-knowledge prior; ROC-AUC on at
    /// most <see cref="ModelEvaluation.MaxLotsPerNotice"/> lots per notice. The best candidate is
    /// served only when it beats SDCA alone by <see cref="MinimumGain"/>; the Platt sigmoid is fitted
    /// on the served candidate's out-of-fold scores (SDCA's own sigmoid, fitted on the lots it learnt
    /// from, is far too sure of itself on lots it has never seen). Null when a fold has no positive.
    /// </summary>
    private HeadChoice? Choose(IReadOnlyList<LotRow> rows, IReadOnlyList<VBuffer<float>> vectors, IReadOnlyList<int> known, string label, int size, int[] priorSlots,
        IReadOnlyList<float?> penalties, IReadOnlyList<double> shares)
    {
        int Fold(LotRow r) => (int)(BitConverter.ToUInt32(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(r.BuyerKey.Length > 0 ? r.BuyerKey : r.NoticeKey)), 0) % CalibrationFolds);
        var folds = known.ToDictionary(i => i, i => Fold(rows[i]));
        var order = new List<int>();
        for (var f = 0; f < CalibrationFolds; f++) order.AddRange(known.Where(i => folds[i] == f));
        var truth = order.Select(i => rows[i].Label(label)).ToList();
        if (!truth.Any(t => t) || truth.All(t => t)) return null;
        var isPrior = new bool[size];
        foreach (var slot in priorSlots) isPrior[slot] = true;
        var prior = order.Select(i =>
        {
            var v = vectors[i];
            double sum = 0;
            var indices = v.GetIndices();
            var values = v.GetValues();
            for (var k = 0; k < indices.Length; k++) if (isPrior[indices[k]]) sum += values[k];
            return sum;
        }).ToList();
        var capped = ModelEvaluation.Capped(order.Select(i => rows[i]).ToList(), label);
        var cappedTruth = capped.Select(k => truth[k]).ToList();
        double Auc(IReadOnlyList<double> scores) => LabelMetrics.RocAucOf(capped.Select(k => scores[k]).ToList(), cappedTruth);

        HeadChoice? best = null, fallback = null;
        List<double>? bestScores = null, fallbackScores = null;
        foreach (var l2 in penalties)
        {
            var learned = new List<double>(order.Count);
            for (var f = 0; f < CalibrationFolds; f++)
            {
                var train = known.Where(i => folds[i] != f).ToList();
                var held = known.Where(i => folds[i] == f).ToList();
                if (held.Count == 0) continue;
                if (!train.Any(i => rows[i].Label(label)) || train.All(i => rows[i].Label(label))) return null;
                var head = TrainHead(train.Select(i => (vectors[i], rows[i].Label(label))).ToList(), size, l2, Weights(rows, train)).Head;
                foreach (var i in held) learned.Add(head.Score(vectors[i].GetIndices(), vectors[i].GetValues()));
            }
            var mean = learned.Average();
            var scale = Math.Sqrt(learned.Sum(s => (s - mean) * (s - mean)) / learned.Count);
            if (!(scale > 1e-9)) scale = 1;
            foreach (var share in shares)
            {
                if (share == 1 && l2 != penalties[0]) continue; // the prior alone does not depend on the penalty
                var blended = share == 0 ? learned : learned.Select((s, k) => (1 - share) * s / scale + share * prior[k]).ToList();
                var auc = Auc(blended);
                var candidate = new HeadChoice(l2, share, scale, auc, double.NaN, 0, 0);
                if (l2 == penalties[0] && share == shares[0]) (fallback, fallbackScores) = (candidate, blended);
                if (best is null || auc > best.Auc) (best, bestScores) = (candidate, blended);
            }
        }
        var served = best!.Auc - fallback!.Auc > MinimumGain || double.IsNaN(fallback.Auc) ? best : fallback;
        var servedScores = ReferenceEquals(served, best) ? bestScores! : fallbackScores!;
        var (a, b) = PlattScaling.Fit(servedScores, truth);
        // Out-of-fold scores that do not rank make a flat sigmoid: the probabilities stay near the
        // base rate, but the head's order is kept (a flat sigmoid would tie every lot).
        a = Math.Min(a, -MinimumSlope);
        return served with { DefaultAuc = fallback.Auc, A = a, B = b };
    }

    /// <summary>Slots of the features found in the lots of <see cref="MinimumNotices"/> training notices or more, and the labels of the CPV codes.</summary>
    public LotVocabulary Vocabulary(IReadOnlyList<LotRow> rows)
    {
        var featurizer = new LotFeaturizer(code => _labels.Label("cpv", code));
        var notices = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (name, value) in featurizer.Features(row))
            {
                if (!notices.TryGetValue(name, out var set)) notices[name] = set = new HashSet<string>(StringComparer.Ordinal);
                if (set.Count < MinimumNotices) set.Add(row.NoticeKey);
                sums[name] = sums.GetValueOrDefault(name) + value;
            }
        }
        var counts = notices.ToDictionary(n => n.Key, n => n.Value.Count, StringComparer.Ordinal);
        var slots = counts.Where(c => c.Value >= MinimumNotices && !Labels.All.All(l => Excludes(l, c.Key)))
            .Select(c => c.Key).Order(StringComparer.Ordinal).ToArray();
        // Every CPV label goes with the model: a lot is featurised alike wherever it is classified,
        // whether or not the code lists are found there.
        var cpvLabels = _labels.Codes("cpv").ToDictionary(c => c.Code, c => c.Label, StringComparer.Ordinal);
        var means = slots.Select(s => (float)(sums[s] / Math.Max(1, rows.Count))).ToArray();
        return new LotVocabulary(slots, cpvLabels, means);
    }

    internal static VBuffer<float> ToVector(LotFeaturizer featurizer, Dictionary<string, int> slots, LotRow row)
    {
        var kept = featurizer.Features(row).Where(f => slots.ContainsKey(f.Name)).Select(f => (Slot: slots[f.Name], f.Value)).OrderBy(f => f.Slot).ToArray();
        return new VBuffer<float>(slots.Count, kept.Length, kept.Select(k => k.Value).ToArray(), kept.Select(k => k.Slot).ToArray());
    }

    /// <summary>An SDCA logistic regression head on vectors, and the ML.NET transformer it came from (to check the engine against it).</summary>
    internal (LinearHead Head, ITransformer Model) TrainHead(IReadOnlyList<(VBuffer<float> Features, bool Label)> rows, int size, float? l2 = null, float[]? weights = null)
    {
        var ml = new MLContext(seed);
        var data = Data(ml, rows, size, weights);
        var trainer = ml.BinaryClassification.Trainers.SdcaLogisticRegression(new SdcaLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfThreads = 1,
            ExampleWeightColumnName = weights is null ? null : "Weight",
            L2Regularization = l2,
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

    internal static IDataView Data(MLContext ml, IReadOnlyList<(VBuffer<float> Features, bool Label)> rows, int size, float[]? weights = null)
    {
        var schema = SchemaDefinition.Create(typeof(VectorRow));
        schema[nameof(VectorRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, size);
        return ml.Data.LoadFromEnumerable(rows.Select((r, i) => new VectorRow { Features = r.Features, Label = r.Label, Weight = weights?[i] ?? 1f }), schema);
    }

    /// <summary>A tree ensemble is preferred only when its ROC-AUC beats the linear model's by more than the linear model's 95% interval half-width.</summary>
    public static string Choose(double linearAuc, double linearHalfWidth, double treeAuc) =>
        !double.IsNaN(treeAuc) && (double.IsNaN(linearAuc) || treeAuc - linearAuc > linearHalfWidth) ? LightGbm : Sdca;

    internal sealed class VectorRow
    {
        public bool Label { get; set; }
        public VBuffer<float> Features { get; set; }
        public float Weight { get; set; } = 1f;
    }
}

/// <summary>A training by <see cref="LotClassifierTrainer.TrainMeasured"/>: the model trained on the split's train lots and its evaluation on the test lots, and the model served.</summary>
public sealed record MeasuredTraining(LotModel Measured, ModelEvaluation Evaluation, LotModel Served, IReadOnlyList<LotRow> Train, IReadOnlyList<LotRow> Test);

/// <summary>What was trained on and how: stored beside the model.</summary>
public sealed record ModelInfo(
    string Version,
    string TrainingSetHash,
    int TrainingLots,
    IReadOnlyDictionary<string, string> Trainers,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> CrossValidatedAuc,
    IReadOnlyDictionary<string, int> Positives);

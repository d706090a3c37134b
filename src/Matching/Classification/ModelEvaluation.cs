using System.Security.Cryptography;
using System.Text;

namespace ClausesSociales.Classification;

/// <summary>
/// Per-label metrics of a model on held-apart lots, next to the naive Bayes baseline trained on the
/// same training lots. Only lots whose label is known count; a notice counts at most
/// <see cref="MaxLotsPerNotice"/> lots (one 600-lot notice would otherwise be most of the set);
/// intervals are 95% bootstrap intervals over notices.
/// </summary>
public sealed record ModelEvaluation(IReadOnlyDictionary<string, LabelMetrics> Model, IReadOnlyDictionary<string, LabelMetrics>? Baseline)
{
    public const int MaxLotsPerNotice = 5;
    public const int BootstrapRounds = 1000;

    /// <summary>Intervals, the French contract notices' share and calibration, per label.</summary>
    public IReadOnlyDictionary<string, LabelReport> Reports { get; init; } = new Dictionary<string, LabelReport>();

    public static ModelEvaluation Evaluate(LotModel model, IReadOnlyList<LotRow> test, IReadOnlyList<LotRow>? train = null)
    {
        var predictions = model.Predict(test, reasons: 0);
        var metrics = new Dictionary<string, LabelMetrics>();
        var reports = new Dictionary<string, LabelReport>();
        Dictionary<string, LabelMetrics>? baseline = train is null ? null : [];
        foreach (var label in Labels.All)
        {
            var kept = Capped(test, label);
            var truth = kept.Select(i => test[i].Label(label)).ToList();
            var notices = kept.Select(i => test[i].NoticeKey).ToList();
            var scores = kept.Select(i => Probability(predictions[i], label)).ToList();
            // Precision and recall where lots are shown as likely (the head's threshold).
            var threshold = model.Heads[label].Threshold;
            metrics[label] = LabelMetrics.Compute(scores, truth, threshold);
            Interval? baselineAuc = null;
            if (baseline is not null)
            {
                var nb = NaiveBayesBaseline.Train(train!.Where(r => r.Knows(label)).Select(r => (r, r.Label(label))));
                var nbScores = kept.Select(i => nb.Score(test[i])).ToList();
                baseline[label] = LabelMetrics.Compute(nbScores, truth, 0);
                baselineAuc = Bootstrap(nbScores, truth, notices, LabelMetrics.RocAucOf);
            }
            var french = Enumerable.Range(0, kept.Count).Where(k => test[kept[k]].Language == "FR" && test[kept[k]].NoticeKind == nameof(Notices.NoticeKind.ContractNotice)).ToList();
            var frenchScores = french.Select(k => scores[k]).ToList();
            var frenchTruth = french.Select(k => truth[k]).ToList();
            reports[label] = new LabelReport(
                notices.Distinct().Count(),
                Bootstrap(scores, truth, notices, LabelMetrics.RocAucOf),
                Bootstrap(scores, truth, notices, LabelMetrics.PrAucOf),
                baselineAuc,
                LabelMetrics.Compute(frenchScores, frenchTruth, threshold),
                Bootstrap(frenchScores, frenchTruth, french.Select(k => notices[k]).ToList(), LabelMetrics.RocAucOf),
                Calibration(scores, truth));
        }
        return new ModelEvaluation(metrics, baseline) { Reports = reports };
    }

    public static double Probability(LotPrediction p, string label) => label switch
    {
        Labels.Social => p.Social,
        Labels.Reserved => p.Reserved,
        _ => p.Green,
    };

    /// <summary>Indexes of the test lots whose label is known, at most <see cref="MaxLotsPerNotice"/> per notice (chosen by a hash of the lot, stable).</summary>
    public static List<int> Capped(IReadOnlyList<LotRow> rows, string label) =>
        Enumerable.Range(0, rows.Count).Where(i => rows[i].Knows(label))
            .GroupBy(i => rows[i].NoticeKey)
            .SelectMany(g => g.OrderBy(i => Hash(rows[i].LotId)).ThenBy(i => rows[i].LotId, StringComparer.Ordinal).Take(MaxLotsPerNotice))
            .Order().ToList();

    private static uint Hash(string s) => BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(s)), 0);

    /// <summary>A 95% percentile interval of a metric, resampling notices with replacement (seeded, so stable).</summary>
    public static Interval Bootstrap(IReadOnlyList<double> scores, IReadOnlyList<bool> truth, IReadOnlyList<string> notices, Func<IReadOnlyList<double>, IReadOnlyList<bool>, double> metric, int rounds = BootstrapRounds)
    {
        var point = metric(scores, truth);
        var groups = Enumerable.Range(0, scores.Count).GroupBy(i => notices[i]).Select(g => g.ToArray()).ToArray();
        if (groups.Length < 2 || double.IsNaN(point)) return new Interval(point, double.NaN, double.NaN);
        var random = new Random(12345);
        var values = new List<double>(rounds);
        var s = new List<double>();
        var t = new List<bool>();
        for (var round = 0; round < rounds; round++)
        {
            s.Clear();
            t.Clear();
            for (var g = 0; g < groups.Length; g++)
            {
                foreach (var i in groups[random.Next(groups.Length)])
                {
                    s.Add(scores[i]);
                    t.Add(truth[i]);
                }
            }
            var value = metric(s, t);
            if (!double.IsNaN(value)) values.Add(value);
        }
        if (values.Count < rounds / 2) return new Interval(point, double.NaN, double.NaN);
        values.Sort();
        return new Interval(point, values[(int)(0.025 * (values.Count - 1))], values[(int)Math.Ceiling(0.975 * (values.Count - 1))]);
    }

    /// <summary>Ten bins of equal size by predicted probability: mean prediction against the share of positives.</summary>
    public static IReadOnlyList<CalibrationBin> Calibration(IReadOnlyList<double> scores, IReadOnlyList<bool> truth)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var bins = new List<CalibrationBin>();
        for (var d = 0; d < 10; d++)
        {
            var from = order.Length * d / 10;
            var to = order.Length * (d + 1) / 10;
            if (to <= from) continue;
            var slice = order[from..to];
            bins.Add(new CalibrationBin(d + 1, slice.Length, slice.Average(i => scores[i]), slice.Count(i => truth[i]) / (double)slice.Length));
        }
        return bins;
    }
}

/// <summary>A metric and its 95% interval (NaN bounds when too few notices or positives).</summary>
public sealed record Interval(double Value, double Low, double High)
{
    public double HalfWidth => double.IsNaN(Low) ? double.NaN : (High - Low) / 2;
}

public sealed record CalibrationBin(int Decile, int Lots, double MeanPredicted, double ObservedRate);

/// <summary>What `clauses train` prints beside a label's metrics.</summary>
public sealed record LabelReport(
    int Notices,
    Interval RocAuc,
    Interval PrAuc,
    Interval? BaselineRocAuc,
    LabelMetrics FrenchContractNotices,
    Interval FrenchRocAuc,
    IReadOnlyList<CalibrationBin> Calibration)
{
    /// <summary>ROC-AUC of a LightGbm model on the same lots, when compared.</summary>
    public Interval? TreeRocAuc { get; init; }
}

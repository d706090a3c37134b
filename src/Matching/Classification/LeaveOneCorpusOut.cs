using ClausesSociales.Notices;

namespace ClausesSociales.Classification;

/// <summary>
/// The proxy for notices the model has never seen: each corpus (<see cref="TrainingCorpora"/>) is
/// held apart whole, a model is trained on the other corpora (without the lots of the held
/// corpus's buyers and procedures) and scores it, next to the naive Bayes baseline trained on the
/// same lots. A corpus is another publisher's sample, years and forms: closer to an independent
/// set than a random split of the same samples. Metrics count the lots whose form can declare the
/// label (<see cref="CanDeclare"/>), at most <see cref="ModelEvaluation.MaxLotsPerNotice"/> per
/// notice, with 95% bootstrap intervals over notices; pooled, every lot is scored by the model
/// that did not see its corpus.
/// </summary>
public sealed record LeaveOneCorpusOut(IReadOnlyList<CorpusReport> Corpora, IReadOnlyDictionary<string, CorpusReport> Pooled)
{
    public const string PooledName = "all corpora (pooled)";

    /// <summary>
    /// Lots counted for a label, as the independent held-out counts them: reserved and social on
    /// contract and prior-information notices (the forms with a reservation and performance-condition
    /// section), green on every notice; and only where the label is known.
    /// </summary>
    public static bool CanDeclare(LotRow row, string label) => row.Knows(label) &&
        (label == Labels.Green || row.NoticeKind is nameof(NoticeKind.ContractNotice) or nameof(NoticeKind.PriorInformation));

    public static LeaveOneCorpusOut Evaluate(IReadOnlyList<LotRow> rows, LotClassifierTrainer trainer, Action<string>? progress = null)
    {
        var reports = new List<CorpusReport>();
        var pooled = Labels.All.ToDictionary(l => l, _ => new Scored());
        foreach (var corpus in rows.Select(r => r.Corpus).Where(c => c.Length > 0).Distinct().Order(StringComparer.Ordinal))
        {
            var (train, held) = Split(rows, corpus);
            if (Labels.All.Any(l => !train.Any(r => r.Knows(l) && r.Label(l))))
            {
                progress?.Invoke($"{corpus}: the other corpora have no positive of some label; not evaluated");
                continue;
            }
            progress?.Invoke($"{corpus}: {held.Count} lots held apart, training on {train.Count} lots of the other corpora");
            var model = trainer.Train(train, TrainingSet.Hash(train));
            var predictions = model.Predict(held, reasons: 0);
            foreach (var label in Labels.All)
            {
                var nb = NaiveBayesBaseline.Train(train.Where(r => r.Knows(label)).Select(r => (r, r.Label(label))));
                var scored = new Scored();
                foreach (var i in ModelEvaluation.Capped(held, label).Where(i => CanDeclare(held[i], label)))
                {
                    scored.Add(ModelEvaluation.Probability(predictions[i], label), nb.Score(held[i]), held[i].Label(label), held[i].NoticeKey);
                }
                reports.Add(scored.Report(corpus, label));
                pooled[label].AddAll(scored);
            }
        }
        return new LeaveOneCorpusOut(reports, pooled.ToDictionary(p => p.Key, p => p.Value.Report(PooledName, p.Key)));
    }

    /// <summary>The lots of one corpus, and the lots of the others that share neither a buyer nor a procedure with them.</summary>
    public static (List<LotRow> Train, List<LotRow> Held) Split(IReadOnlyList<LotRow> rows, string corpus)
    {
        var held = rows.Where(r => r.Corpus == corpus).ToList();
        var buyers = held.Select(r => r.BuyerKey).Where(b => b.Length > 0).ToHashSet(StringComparer.Ordinal);
        var procedures = held.Select(r => r.ProcedureKey).Where(p => p.Length > 0).ToHashSet(StringComparer.Ordinal);
        var train = rows.Where(r => r.Corpus != corpus && !buyers.Contains(r.BuyerKey) && !procedures.Contains(r.ProcedureKey)).ToList();
        return (train, held);
    }

    private sealed class Scored
    {
        private readonly List<double> _model = [], _baseline = [];
        private readonly List<bool> _truth = [];
        private readonly List<string> _notices = [];

        public void Add(double model, double baseline, bool truth, string notice)
        {
            _model.Add(model);
            _baseline.Add(baseline);
            _truth.Add(truth);
            _notices.Add(notice);
        }

        public void AddAll(Scored other)
        {
            // Naive Bayes log odds of different models are not on one scale: pooled, the baseline is ranked within its corpus.
            var ranks = Ranks(other._baseline);
            for (var i = 0; i < other._model.Count; i++) Add(other._model[i], ranks[i], other._truth[i], other._notices[i]);
        }

        public CorpusReport Report(string corpus, string label)
        {
            var metrics = LabelMetrics.Compute(_model, _truth, 0.5);
            return new CorpusReport(corpus, label, _model.Count, _notices.Distinct().Count(), metrics.Positives,
                ModelEvaluation.Bootstrap(_model, _truth, _notices, LabelMetrics.RocAucOf),
                ModelEvaluation.Bootstrap(_baseline, _truth, _notices, LabelMetrics.RocAucOf),
                metrics.PrAuc, LabelMetrics.PrAucOf(_baseline, _truth), metrics.Top20Recall);
        }

        /// <summary>Ranks scaled to 0..1; tied scores share their mean rank, so a tie stays a tie once pooled.</summary>
        private static double[] Ranks(IReadOnlyList<double> scores) =>
            scores.Count <= 1 ? scores.Select(_ => 0.5).ToArray() : LabelMetrics.MidRanks(scores).Select(r => (r - 1) / (scores.Count - 1)).ToArray();
    }
}

/// <summary>One label on one held-apart corpus (or all of them pooled): the model next to the naive Bayes baseline.</summary>
public sealed record CorpusReport(string Corpus, string Label, int Lots, int Notices, int Positives, Interval RocAuc, Interval BaselineRocAuc, double PrAuc, double BaselinePrAuc, double Top20Recall);

namespace ClausesSociales.Classification;

/// <summary>Per-label metrics of a model on held-apart lots, next to the naive Bayes baseline trained on the same training lots.</summary>
public sealed record ModelEvaluation(IReadOnlyDictionary<string, LabelMetrics> Model, IReadOnlyDictionary<string, LabelMetrics>? Baseline)
{
    public static ModelEvaluation Evaluate(LotModel model, IReadOnlyList<LotRow> test, IReadOnlyList<LotRow>? train = null)
    {
        var predictions = model.Predict(test, reasons: 0);
        var metrics = new Dictionary<string, LabelMetrics>();
        Dictionary<string, LabelMetrics>? baseline = train is null ? null : [];
        foreach (var label in Labels.All)
        {
            var truth = test.Select(r => r.Label(label)).ToList();
            var scores = predictions.Select(p => label switch { Labels.Social => p.Social, Labels.Reserved => p.Reserved, _ => p.Green }).ToList();
            metrics[label] = LabelMetrics.Compute(scores, truth, 0.5);
            if (baseline is not null)
            {
                var nb = NaiveBayesBaseline.Train(train!.Select(r => (r, r.Label(label))));
                baseline[label] = LabelMetrics.Compute(test.Select(nb.Score).ToList(), truth, 0);
            }
        }
        return new ModelEvaluation(metrics, baseline);
    }
}

namespace ClausesSociales.Classification;

/// <summary>How well scores rank the labelled positives of one label.</summary>
public sealed record LabelMetrics(int Count, int Positives, double Precision, double Recall, double F1, double RocAuc, double PrAuc, double Top20Recall)
{
    /// <summary>Metrics of scores (higher = more likely positive) against labels, with a decision threshold for precision/recall.</summary>
    public static LabelMetrics Compute(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double threshold)
    {
        var n = scores.Count;
        var positives = labels.Count(l => l);
        var tp = 0; var fp = 0; var fn = 0;
        for (var i = 0; i < n; i++)
        {
            var predicted = scores[i] >= threshold;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
        }
        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = positives == 0 ? 0 : (double)tp / positives;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new LabelMetrics(n, positives, precision, recall, f1, RocAucOf(scores, labels), PrAucOf(scores, labels), TopShareRecall(scores, labels, 0.2));
    }

    /// <summary>The rank of each score from 1 (lowest), tied scores sharing their mean rank.</summary>
    public static double[] MidRanks(IReadOnlyList<double> scores)
    {
        var ranks = new double[scores.Count];
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j < order.Length && scores[order[j]] == scores[order[i]]) j++;
            var averageRank = (i + j + 1) / 2.0;
            for (var k = i; k < j; k++) ranks[order[k]] = averageRank;
            i = j;
        }
        return ranks;
    }

    /// <summary>ROC-AUC as the probability that a positive outranks a negative (ties count half).</summary>
    public static double RocAucOf(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var ranks = MidRanks(scores);
        double rankSum = 0;
        var positives = 0;
        for (var i = 0; i < ranks.Length; i++)
        {
            if (labels[i]) { rankSum += ranks[i]; positives++; }
        }
        var negatives = scores.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    /// <summary>PR-AUC as average precision over the positives, best scores first.</summary>
    public static double PrAucOf(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var order = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
        var positives = labels.Count(l => l);
        if (positives == 0) return double.NaN;
        double sum = 0;
        var hits = 0;
        for (var k = 0; k < order.Length; k++)
        {
            if (!labels[order[k]]) continue;
            hits++;
            sum += (double)hits / (k + 1);
        }
        return sum / positives;
    }

    /// <summary>Share of the labelled positives found among the best-scored <paramref name="share"/> of lots.</summary>
    public static double TopShareRecall(IReadOnlyList<double> scores, IReadOnlyList<bool> labels, double share)
    {
        var positives = labels.Count(l => l);
        if (positives == 0) return double.NaN;
        var take = (int)Math.Ceiling(scores.Count * share);
        var found = Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).Take(take).Count(i => labels[i]);
        return (double)found / positives;
    }
}

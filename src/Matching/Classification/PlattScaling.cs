namespace ClausesSociales.Classification;

/// <summary>
/// Fits P = 1 / (1 + exp(A * score + B)) to scores and labels (Platt 1999, with his smoothed
/// targets), by Newton's method with a backtracking step. Fitted on out-of-fold scores, it turns a
/// head's scores into probabilities that match observed rates on lots the head has not seen.
/// </summary>
public static class PlattScaling
{
    public static (double A, double B) Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> labels)
    {
        var positives = labels.Count(l => l);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0) return (-1, 0);
        var high = (positives + 1.0) / (positives + 2.0);
        var low = 1.0 / (negatives + 2.0);
        var a = 0.0;
        var b = Math.Log((negatives + 1.0) / (positives + 1.0));
        var loss = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double g1 = 0, g2 = 0, h11 = 1e-12, h22 = 1e-12, h21 = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var t = labels[i] ? high : low;
                var p = Probability(a, b, scores[i]);
                var d = t - p;
                var w = p * (1 - p);
                g1 += scores[i] * d;
                g2 += d;
                h11 += scores[i] * scores[i] * w;
                h22 += w;
                h21 += scores[i] * w;
            }
            if (Math.Abs(g1) < 1e-7 && Math.Abs(g2) < 1e-7) break;
            var det = h11 * h22 - h21 * h21;
            var da = -(h22 * g1 - h21 * g2) / det;
            var db = -(-h21 * g1 + h11 * g2) / det;
            var step = 1.0;
            while (step > 1e-8)
            {
                var (na, nb) = (a + step * da, b + step * db);
                var next = Loss(na, nb);
                if (next < loss + 1e-4 * step * (g1 * da + g2 * db))
                {
                    (a, b, loss) = (na, nb, next);
                    break;
                }
                step /= 2;
            }
            if (step <= 1e-8) break;
        }
        return (a, b);

        double Loss(double a, double b)
        {
            double sum = 0;
            for (var i = 0; i < scores.Count; i++)
            {
                var t = labels[i] ? high : low;
                var f = a * scores[i] + b;
                // log(1 + exp(f)) and its complement, computed without overflow.
                var log1pExp = f > 0 ? f + Math.Log(1 + Math.Exp(-f)) : Math.Log(1 + Math.Exp(f));
                sum += t * log1pExp + (1 - t) * (log1pExp - f);
            }
            return sum;
        }
    }

    public static double Probability(double a, double b, double score) => 1.0 / (1.0 + Math.Exp(a * score + b));
}

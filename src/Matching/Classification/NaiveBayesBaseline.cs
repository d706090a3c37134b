using System.Text.RegularExpressions;

namespace ClausesSociales.Classification;

/// <summary>
/// The baseline the model must beat: naive Bayes (Bernoulli event model) over the set of
/// title/description words and CPV prefixes of each lot: P(token | class) is the Laplace-smoothed
/// share of the class's lots holding the token, and a lot scores the log odds of its tokens seen
/// in training.
/// </summary>
public sealed partial class NaiveBayesBaseline
{
    private readonly Dictionary<string, (int Positive, int Negative)> _counts = [];
    private int _positiveRows, _negativeRows;

    public static NaiveBayesBaseline Train(IEnumerable<(LotRow Row, bool Label)> rows)
    {
        var nb = new NaiveBayesBaseline();
        foreach (var (row, label) in rows)
        {
            if (label) nb._positiveRows++; else nb._negativeRows++;
            foreach (var token in Tokens(row))
            {
                var (p, n) = nb._counts.GetValueOrDefault(token);
                nb._counts[token] = label ? (p + 1, n) : (p, n + 1);
            }
        }
        return nb;
    }

    public double Score(LotRow row)
    {
        var score = Math.Log((_positiveRows + 1.0) / (_negativeRows + 1.0));
        foreach (var token in Tokens(row))
        {
            if (!_counts.TryGetValue(token, out var c)) continue;
            score += Math.Log((c.Positive + 1.0) / (_positiveRows + 2.0)) - Math.Log((c.Negative + 1.0) / (_negativeRows + 2.0));
        }
        return score;
    }

    private static HashSet<string> Tokens(LotRow row)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Word().Matches(row.Text.ToLowerInvariant())) tokens.Add(m.Value);
        foreach (var code in row.Codes.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (code.StartsWith("cpv", StringComparison.Ordinal) && code.Length <= 7) tokens.Add(code);
        }
        return tokens;
    }

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex Word();
}

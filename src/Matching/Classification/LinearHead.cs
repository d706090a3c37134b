namespace ClausesSociales.Classification;

/// <summary>
/// One label's head over the shared features: a linear score (weights x values + bias) turned
/// into a probability by the Platt sigmoid the trainer fitted, P = 1 / (1 + exp(Slope * score + Offset)) as ML.NET's PlattCalibrator (Slope is negative).
/// <see cref="Threshold"/> is the probability from which a lot is shown as likely to carry the
/// label (boards, digests, matching, observatory): the trainer sets it so that at most a fifth of
/// its training lots reach it (<see cref="LotClassifierTrainer.LikelyShare"/>); 0.5 in models saved
/// before it was. <see cref="NoticeShare"/> is the share of the mean score of the notice's lots in
/// a lot's score (<see cref="WithNotice"/>); 0 in models saved before it was.
/// </summary>
public sealed record LinearHead(string Trainer, float[] Weights, float Bias, double Slope, double Offset, double Threshold = 0.5, double NoticeShare = 0)
{
    public double Score(ReadOnlySpan<int> slots, ReadOnlySpan<float> values)
    {
        double score = Bias;
        for (var i = 0; i < slots.Length; i++) score += (double)Weights[slots[i]] * values[i];
        return score;
    }

    public double Probability(double score) => 1.0 / (1.0 + Math.Exp(Slope * score + Offset));

    /// <summary>
    /// The lots' scores, each moved towards the mean score of its notice's lots among them by
    /// <see cref="NoticeShare"/>: (1 - share) x the lot's + share x the notice's mean. The lots of
    /// one notice keep their order; a notice's lots rise or fall together with what the whole
    /// consultation buys. In place; nothing changes at share 0 or for a notice of one lot.
    /// </summary>
    public void WithNotice(Span<double> scores, IReadOnlyList<string> noticeKeys)
    {
        if (NoticeShare <= 0) return;
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        for (var i = 0; i < scores.Length; i++)
        {
            var (sum, count) = sums.GetValueOrDefault(noticeKeys[i]);
            sums[noticeKeys[i]] = (sum + scores[i], count + 1);
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var (sum, count) = sums[noticeKeys[i]];
            scores[i] = (1 - NoticeShare) * scores[i] + NoticeShare * sum / count;
        }
    }
}

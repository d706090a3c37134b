namespace ClausesSociales.Classification;

/// <summary>
/// One label's head over the shared features: a linear score (weights x values + bias) turned
/// into a probability by the Platt sigmoid the trainer fitted, P = 1 / (1 + exp(Slope * score + Offset)) as ML.NET's PlattCalibrator (Slope is negative).
/// <see cref="Threshold"/> is the probability from which a lot is shown as likely to carry the
/// label (boards, digests, matching, observatory): the trainer sets it so that at most a fifth of
/// its training lots reach it (<see cref="LotClassifierTrainer.LikelyShare"/>); 0.5 in models saved
/// before it was.
/// </summary>
public sealed record LinearHead(string Trainer, float[] Weights, float Bias, double Slope, double Offset, double Threshold = 0.5)
{
    public double Score(ReadOnlySpan<int> slots, ReadOnlySpan<float> values)
    {
        double score = Bias;
        for (var i = 0; i < slots.Length; i++) score += (double)Weights[slots[i]] * values[i];
        return score;
    }

    public double Probability(double score) => 1.0 / (1.0 + Math.Exp(Slope * score + Offset));
}

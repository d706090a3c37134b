namespace ClausesSociales.Classification;

/// <summary>
/// The classifier's probabilities that lots like this one carry a social clause, are reserved,
/// carry an environmental clause; and whether the social one reached its head's threshold.
/// </summary>
public sealed record LotScores(double Social, double Reserved, double Green, bool SocialLikely);

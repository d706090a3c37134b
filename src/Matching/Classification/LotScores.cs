namespace ClausesSociales.Classification;

/// <summary>The classifier's probabilities that lots like this one carry a social clause, are reserved, carry an environmental clause.</summary>
public sealed record LotScores(double Social, double Reserved, double Green);

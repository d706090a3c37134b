namespace ClausesSociales.Digests;

/// <summary>One buyer's weekly digest: its lots grouped by potential, each with the structures able to answer.</summary>
public sealed record Digest(string RecipientName, string Email, string IsoWeek, IReadOnlyList<DigestSection> Sections, int StructuresNearby, string UnsubscribeUrl)
{
    public int LotCount => Sections.Sum(s => s.Lots.Count);
}

public sealed record DigestSection(string Title, string Explanation, IReadOnlyList<DigestLot> Lots);

public sealed record DigestLot(
    string NoticeId,
    string LotId,
    string Title,
    string? Cpv,
    string? Place,
    string? Value,
    string? Deadline,
    string? Url,
    string Probability,
    string? Recommendation,
    IReadOnlyList<DigestStructure> Structures,
    string InterestedUrl,
    string NotRelevantUrl);

public sealed record DigestStructure(string Name, string Kind, string? Distance, string Reasons);

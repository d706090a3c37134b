namespace ClausesSociales.Digests;

/// <summary>One buyer's weekly digest: its lots grouped by potential, each with the structures able to answer.</summary>
/// <param name="WebUrl">The signed, expiring web version of the digest.</param>
/// <param name="ManageUrl">The signed page where the buyer changes or deletes its subscription.</param>
public sealed record Digest(string RecipientName, string Email, string IsoWeek, IReadOnlyList<DigestSection> Sections, int StructuresNearby, string UnsubscribeUrl,
    string BuyerId, string WebUrl, string ManageUrl)
{
    public int LotCount => Sections.Sum(s => s.Lots.Count);

    /// <summary>A lot's list holds only its best-placed structures (<see cref="Pipeline.MatchLotsHandler.TopPerLot"/>): when one is full, <see cref="StructuresNearby"/> is a floor ("au moins").</summary>
    public bool StructuresNearbyAtLeast { get; init; }

    /// <summary>"au moins " when <see cref="StructuresNearby"/> is a floor, else nothing.</summary>
    public string AtLeast => StructuresNearbyAtLeast ? "au moins " : "";

    /// <summary>The week as buyers read it ("semaine du 23 au 29 novembre 2026").</summary>
    public string Week => IsoWeeks.InFrench(IsoWeek);
}

public sealed record DigestSection(string Title, string Explanation, IReadOnlyList<DigestLot> Lots);

/// <summary>A lot of a digest.</summary>
/// <param name="Probability">The section's label, declared or likely (<see cref="Web.LotCards.Likelihood"/>): "Réservé par l'acheteur aux SIAE (article L2113-13)", "Réservable : probabilité estimée à 70 %".</param>
/// <param name="Recommendation">What to do (<see cref="Matching.InclusivePotential.Advice"/>).</param>
/// <param name="Why">For a lot the model flags and its buyer did not declare: its first reasons ("Pourquoi : famille de marchés souvent réservés …").</param>
/// <param name="InterestedUrl">The buyer's signed answer on what the model flags; none for a label the buyer declared itself (its answer would only unlearn its own declaration).</param>
public sealed record DigestLot(
    string Source,
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
    string? Why,
    IReadOnlyList<DigestStructure> Structures,
    string? InterestedUrl,
    string? NotRelevantUrl,
    string PageUrl)
{
    /// <summary>The lot's other labels its buyer declared or the model flags, beside its section's ("Aussi : Clause d'insertion : déclarée par l'acheteur").</summary>
    public string? Also { get; init; }
}

/// <summary>A structure named in a digest, with the address of its public record.</summary>
public sealed record DigestStructure(string Siret, string Name, string Kind, string? Distance, string Reasons)
{
    /// <summary>For a structure a recommended reservation would not admit: "non éligible si le lot est réservé aux ESAT et EA" (<see cref="Matching.InclusivePotential.Caveat"/>).</summary>
    public string? Caveat { get; init; }

    public string RecordUrl => Web.Html.StructureUrl(Siret);
}

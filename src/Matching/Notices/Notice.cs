namespace ClausesSociales.Notices;

/// <summary>What a published notice announces.</summary>
public enum NoticeKind
{
    ContractNotice,
    ContractAward,
    PriorInformation,
    Modification,
    Other,
}

/// <summary>The organisation that buys: name, national identifier (SIRET for French buyers) and legal kind.</summary>
public sealed record Buyer(string? Name, string? Identifier, string? Kind)
{
    public static readonly Buyer Unknown = new(null, null, null);
}

/// <summary>
/// A notice normalized from any source format. Every notice has at least one lot: a notice
/// published without lots gets one lot built from the notice itself.
/// </summary>
public sealed record Notice(
    string Source,
    string NoticeId,
    NoticeKind Kind,
    DateOnly? PublicationDate,
    Buyer Buyer,
    string? Title,
    string? Url,
    string? Language,
    IReadOnlyList<Lot> Lots)
{
    /// <summary>Defects found in the notice that did not stop parsing (missing mandatory fields, unknown codes).</summary>
    public IReadOnlyList<string> Defects { get; init; } = [];

    /// <summary>The procedure this notice belongs to (eForms BT-04), shared by its change notices.</summary>
    public string? ContractFolderId { get; init; }

    /// <summary>For a change notice (eForms BT-758), the notice it changes.</summary>
    public string? ChangedNoticeId { get; init; }
}

/// <summary>One lot of a notice with the markers its buyer declared.</summary>
public sealed record Lot(
    string LotId,
    string? Title,
    string? Description,
    string? MainCpv,
    IReadOnlyList<string> AdditionalCpv,
    IReadOnlyList<string> Nuts,
    IReadOnlyList<string> Departments,
    decimal? EstimatedValue,
    string? Currency,
    decimal? DurationMonths,
    DateTimeOffset? Deadline,
    ContractNature? Nature,
    Markers Markers)
{
    /// <summary>The main department of the place of performance, when it is in France.</summary>
    public string? Department => Departments.Count > 0 ? Departments[0] : null;

    /// <summary>The lot's CPV codes, the main one first.</summary>
    public IReadOnlyList<string> Cpvs() => MainCpv is null ? AdditionalCpv : [MainCpv, .. AdditionalCpv];
}

public enum ContractNature
{
    Works,
    Supplies,
    Services,
}

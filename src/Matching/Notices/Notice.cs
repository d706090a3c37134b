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
    /// <summary>The country of the buyer's address, as a NUTS country code (FR, EL, UK).</summary>
    public string? Country { get; init; }

    /// <summary>The buyer's main activity, as an eForms code (<see cref="NoticeValues.BuyerActivity"/>).</summary>
    public string? Activity { get; init; }

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

    /// <summary>
    /// The procurement regime the form was published under, as words (<see cref="Regimes"/>): the
    /// directive (classique, reseaux, concession, defense) and the form family (social for the
    /// light regime of social and other specific services, concours, qualification, profil).
    /// </summary>
    public string? Regime { get; init; }
}

/// <summary>
/// The procurement regime of a notice from its legal basis (TED R2 LEGAL_BASIS, eForms BT-01) and
/// its form (TED R2 form name, eForms notice type): a buyer reserves social services under the light
/// regime (article 77 of directive 2014/24) far more often than works under the utilities directive.
/// </summary>
public static class Regimes
{
    public static string? Of(string? legalBasis, string? family)
    {
        var directive = legalBasis?.Trim().ToUpperInvariant() switch
        {
            "32014L0024" => "classique",
            "32014L0025" => "reseaux",
            "32014L0023" => "concession",
            "32009L0081" => "defense",
            _ => null,
        };
        var words = new[] { directive, family }.Where(w => w is not null);
        return words.Any() ? string.Join(' ', words) : null;
    }

    /// <summary>The regime of a TED R2 form (F02_2014, CONTRACT_DEFENCE...), its legal basis first.</summary>
    public static string? OfTedForm(string formName, string? legalBasis)
    {
        var form = formName.Length >= 3 && formName[0] == 'F' ? formName[..3] : formName;
        legalBasis ??= form switch
        {
            "F01" or "F02" or "F03" or "F21" => "32014L0024",
            "F04" or "F05" or "F06" or "F07" or "F22" => "32014L0025",
            "F23" or "F24" or "F25" => "32014L0023",
            _ when formName.Contains("DEFENCE", StringComparison.Ordinal) => "32009L0081",
            _ => null,
        };
        return Of(legalBasis, form switch
        {
            "F21" or "F22" or "F23" => "social",
            "F12" or "F13" => "concours",
            "F07" => "qualification",
            "F08" => "profil",
            _ => null,
        });
    }

    /// <summary>The regime of an eForms notice from its legal basis (BT-01) and notice type (BT-02: cn-social, cn-desg, qu-sy...).</summary>
    public static string? OfEforms(string? noticeType, string? legalBasis) => Of(legalBasis, noticeType switch
    {
        null => null,
        _ when noticeType.EndsWith("-social", StringComparison.Ordinal) => "social",
        _ when noticeType.EndsWith("-desg", StringComparison.Ordinal) => "concours",
        "qu-sy" => "qualification",
        "pin-buyer" => "profil",
        _ => null,
    });
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

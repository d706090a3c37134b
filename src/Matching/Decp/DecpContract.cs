namespace ClausesSociales.Decp;

/// <summary>An economic operator that won a contract: kind of identifier (SIRET, TVA...) and identifier.</summary>
public sealed record Titulaire(string Kind, string Id)
{
    /// <summary>A French SIRET (14 digits), else null.</summary>
    public string? Siret => Kind.Equals("SIRET", StringComparison.OrdinalIgnoreCase) && Id.Length == 14 && Id.All(char.IsAsciiDigit) ? Id : null;
}

/// <summary>
/// An awarded contract from the essential data of public procurement (DECP, format of the decree of
/// 22 December 2022): what was bought, by whom, where, from whom, and what the buyer declared about
/// social and environmental considerations.
/// </summary>
public sealed record DecpContract(
    string Id,
    string BuyerId,
    string? Object,
    string? Cpv,
    string? PlaceCode,
    string? PlaceType,
    decimal? Amount,
    int? DurationMonths,
    DateOnly? NotificationDate,
    string? Procedure,
    string? Nature,
    IReadOnlyList<Titulaire> Titulaires,
    IReadOnlyList<string> SocialConsiderations,
    IReadOnlyList<string> EnvironmentalConsiderations)
{
    /// <summary>Contract ids are the buyer's own numbers: unique only with the buyer.</summary>
    public string Key => $"{BuyerId}_{Id}";

    /// <summary>The labels the buyer declared; null when the buyer said nothing.</summary>
    public DecpLabels Labels => DecpLabels.Of(SocialConsiderations, EnvironmentalConsiderations);
}

/// <summary>
/// Labels from DECP considerations: "Clause sociale" and "Critère social" are social, "Marché réservé"
/// (or "Concession réservée") is reserved, "Clause environnementale" and "Critère environnemental" are
/// green; "Pas de considération ..." is a declared negative; an empty list is unknown (null).
/// </summary>
public sealed record DecpLabels(bool? Social, bool? Reserved, bool? Green)
{
    public static DecpLabels Of(IReadOnlyList<string> social, IReadOnlyList<string> environmental)
    {
        bool Has(IReadOnlyList<string> values, params string[] wanted) => values.Any(v => wanted.Any(w => v.Trim().Equals(w, StringComparison.OrdinalIgnoreCase)));
        bool? socialLabel = social.Count == 0 ? null : Has(social, "Clause sociale", "Critère social");
        bool? reserved = social.Count == 0 ? null : Has(social, "Marché réservé", "Concession réservée");
        bool? green = environmental.Count == 0 ? null : Has(environmental, "Clause environnementale", "Critère environnemental");
        return new DecpLabels(socialLabel, reserved, green);
    }
}

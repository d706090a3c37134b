namespace ClausesSociales.Structures;

/// <summary>The kinds of ESS structures: SIAE (ACI, AI, EI, ETTI, EITI), GEIQ, disability employers (ESAT, EA), cooperatives and associations.</summary>
public enum StructureKind
{
    ACI,
    AI,
    EI,
    ETTI,
    EITI,
    GEIQ,
    ESAT,
    EA,
    SCOP,
    SCIC,
    Association,
}

public static class StructureKinds
{
    /// <summary>Structures d'insertion par l'activité économique (L5132-4 code du travail), eligible to L2113-13 reservations.</summary>
    public static bool IsSiae(this StructureKind kind) => kind is StructureKind.ACI or StructureKind.AI or StructureKind.EI or StructureKind.ETTI or StructureKind.EITI;

    /// <summary>ESAT and entreprises adaptées, eligible to L2113-12 reservations (sheltered workshops).</summary>
    public static bool IsSheltered(this StructureKind kind) => kind is StructureKind.ESAT or StructureKind.EA;

    /// <summary>Structures whose purpose is insertion through work: what a clause d'insertion is for.</summary>
    public static bool IsInsertion(this StructureKind kind) => kind.IsSiae() || kind == StructureKind.GEIQ;

    /// <summary>The kind as its readers name it, with its acronym: "Entreprise d'insertion (EI)".</summary>
    public static string InFrench(this StructureKind kind) => kind switch
    {
        StructureKind.ACI => "Atelier et chantier d'insertion (ACI)",
        StructureKind.AI => "Association intermédiaire (AI)",
        StructureKind.EI => "Entreprise d'insertion (EI)",
        StructureKind.ETTI => "Entreprise de travail temporaire d'insertion (ETTI)",
        StructureKind.EITI => "Entreprise d'insertion par le travail indépendant (EITI)",
        StructureKind.GEIQ => "Groupement d'employeurs pour l'insertion et la qualification (GEIQ)",
        StructureKind.ESAT => "Établissement et service d'aide par le travail (ESAT)",
        StructureKind.EA => "Entreprise adaptée (EA)",
        StructureKind.SCOP => "Société coopérative et participative (SCOP)",
        StructureKind.SCIC => "Société coopérative d'intérêt collectif (SCIC)",
        _ => "Association",
    };

    public static bool TryParse(string? text, out StructureKind kind)
    {
        var t = text?.Trim().ToUpperInvariant().Replace("É", "E");
        kind = default;
        switch (t)
        {
            case "ACI": kind = StructureKind.ACI; return true;
            case "AI": kind = StructureKind.AI; return true;
            case "EI": kind = StructureKind.EI; return true;
            case "ETTI": kind = StructureKind.ETTI; return true;
            case "EITI": kind = StructureKind.EITI; return true;
            case "GEIQ": kind = StructureKind.GEIQ; return true;
            case "ESAT": kind = StructureKind.ESAT; return true;
            case "EA" or "EATT": kind = StructureKind.EA; return true;
            case "SCOP": kind = StructureKind.SCOP; return true;
            case "SCIC": kind = StructureKind.SCIC; return true;
            case "ASSOCIATION" or "ASSO": kind = StructureKind.Association; return true;
            default: return false;
        }
    }

    /// <summary>
    /// A plausible yearly contract volume for a structure of this kind when its size is unknown,
    /// in euros: an ACI runs worksites of a few dozen people, an ETTI places hundreds.
    /// </summary>
    public static decimal DefaultYearlyCapacity(this StructureKind kind) => kind switch
    {
        StructureKind.ACI => 300_000m,
        StructureKind.AI => 500_000m,
        StructureKind.Association => 300_000m,
        StructureKind.EI or StructureKind.GEIQ or StructureKind.ESAT => 1_500_000m,
        StructureKind.ETTI or StructureKind.EITI or StructureKind.EA or StructureKind.SCOP or StructureKind.SCIC => 3_000_000m,
        _ => 1_000_000m,
    };

    /// <summary>How far a structure of this kind usually works from its base, in km, when its area is not given.</summary>
    public static double DefaultRadiusKm(this StructureKind kind) => kind switch
    {
        StructureKind.ACI or StructureKind.AI or StructureKind.Association => 30,
        StructureKind.SCOP or StructureKind.SCIC => 80,
        _ => 50,
    };
}

namespace ClausesSociales.Observatory;

/// <summary>Every figure of a territorial report, as written to figures.json (and flattened to figures.csv).</summary>
public sealed record ObservatoryFigures(
    TerritoryFigures Territory,
    string From,
    string To,
    string GeneratedAt,
    LotFigures Published,
    LotFigures Performed,
    int PerformedInEnclosingDepartment,
    IReadOnlyList<ShareRow> Shares,
    IReadOnlyList<MissedLot> MissedOpportunities,
    SupplyFigures Supply,
    IReadOnlyList<GapRow> Gaps,
    AwardedFigures Awarded,
    IReadOnlyList<string> Notes);

public sealed record NamedCode(string Code, string Name);

public sealed record TerritoryFigures(string Spec, string Name, int Population, IReadOnlyList<NamedCode> Communes, IReadOnlyList<NamedCode> Epcis,
    IReadOnlyList<NamedCode> Departments, IReadOnlyList<NamedCode> Regions);

public sealed record CountRow(string Key, string Label, int Lots, int Social, int Reserved, int Green);

/// <summary>Lots of a set: total, with a declared social clause, reservation or environmental clause, and by month, buyer and CPV division.</summary>
public sealed record LotFigures(int Lots, int Social, int Reserved, int Green, IReadOnlyList<CountRow> ByMonth, IReadOnlyList<CountRow> ByBuyer, IReadOnlyList<CountRow> ByCpvDivision);

/// <summary>Shares of lots with declared clauses in the territory and around it.</summary>
public sealed record ShareRow(string Scope, string Label, int Lots, double? Social, double? Reserved, double? Green);

public sealed record LocalStructure(string Siret, string Name, string Kind, string? City, double? DistanceKm, double Score);

public sealed record MissedLot(string Why, string Source, string NoticeId, string LotId, string? Title, string? Buyer, string? PublicationDate, string? Cpv, string? CpvLabel,
    double? SocialProbability, double? ReservedProbability, string Potential, string PotentialExplanation, IReadOnlyList<string> Reasons,
    IReadOnlyList<LocalStructure> LocalStructures, string? Url);

public sealed record MapPoint(string Name, string Kind, double Latitude, double Longitude);

public sealed record SupplyFigures(int Structures, IReadOnlyList<CountRow> ByKind, IReadOnlyList<CountRow> ByTrade, IReadOnlyList<MapPoint> Points, int UnplacedStructures);

public sealed record GapRow(string Division, string Label, int Lots, int LocalStructures, string Gap);

public sealed record AwardedFigures(int Contracts, int WithSocialConsideration, int Reserved, int WithEnvironmentalConsideration, int UnknownConsiderations,
    int WonByEssStructures, int WonByLocalEssStructures, double? TotalAmount);

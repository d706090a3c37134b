using ClausesSociales.Geography;
using ClausesSociales.Notices;

namespace ClausesSociales.Matching;

public enum PlaceScope
{
    /// <summary>One or more French departments.</summary>
    Local,

    /// <summary>The whole of France.</summary>
    National,

    /// <summary>Outside France: no local structure is concerned.</summary>
    Abroad,

    /// <summary>The notice does not say where.</summary>
    Unknown,
}

/// <summary>Where a lot is performed, as the matcher sees it.</summary>
public sealed record LotPlace(PlaceScope Scope, IReadOnlyList<Department> Departments)
{
    public static LotPlace Of(Lot lot, FrenchGeography geography)
    {
        var departments = lot.Departments.Select(geography.ByCode).OfType<Department>().ToList();
        if (departments.Count > 0) return new LotPlace(PlaceScope.Local, departments);

        var french = lot.Nuts.Where(n => n.StartsWith("FR", StringComparison.OrdinalIgnoreCase)).ToList();
        if (french.Any(n => n.Length is 2 or 3 && n.ToUpperInvariant() is "FR" or "FRA" || n.Equals("FRZZZ", StringComparison.OrdinalIgnoreCase)))
        {
            return new LotPlace(PlaceScope.National, []);
        }
        // A French NUTS 1 or 2 code (FRK, FR10): every department inside it.
        var inside = geography.Departments.Where(d => french.Any(n => d.Nuts3.StartsWith(n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (inside.Count > 0) return new LotPlace(PlaceScope.Local, inside);
        return lot.Nuts.Count > 0 ? new LotPlace(PlaceScope.Abroad, []) : new LotPlace(PlaceScope.Unknown, []);
    }
}

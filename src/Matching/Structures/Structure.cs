namespace ClausesSociales.Structures;

/// <summary>
/// An ESS structure able to answer tenders: where it is, what it does (CPV prefixes, from its NAF
/// code and optional sectors), how far it works and how big it is.
/// </summary>
public sealed record Structure(
    string Siret,
    string Name,
    StructureKind Kind,
    string? Naf,
    string? Address,
    string? PostalCode,
    string? City,
    string Department,
    double Latitude,
    double Longitude,
    string? SizeBand,
    IReadOnlyList<string> Activities,
    ServiceArea Area)
{
    /// <summary>Yearly contract volume the structure can plausibly carry, from its size band or its kind.</summary>
    public decimal YearlyCapacity => SizeBands.YearlyCapacity(SizeBand) ?? Kind.DefaultYearlyCapacity();
}

/// <summary>Where a structure works: within a radius of its base, in listed departments or regions, or anywhere in France.</summary>
public sealed record ServiceArea(double? RadiusKm, IReadOnlyList<string> Departments, IReadOnlyList<string> Regions, bool National)
{
    public static ServiceArea Radius(double km) => new(km, [], [], false);

    public static readonly ServiceArea Nationwide = new(null, [], [], true);

    /// <summary>"30km", "dep:93,94", "reg:11", "national".</summary>
    public override string ToString() => National ? "national"
        : Departments.Count > 0 ? "dep:" + string.Join(",", Departments)
        : Regions.Count > 0 ? "reg:" + string.Join(",", Regions)
        : $"{RadiusKm:0}km";

    /// <summary>As its readers name it: "toute la France", "Rhône (69), Ain (01)", "région Bretagne", "30 km".</summary>
    public string InFrench()
    {
        var geography = Geography.FrenchGeography.Instance;
        if (National) return "toute la France";
        if (Departments.Count > 0) return string.Join(", ", Departments.Select(code => geography.ByCode(code)?.InFrench() ?? code));
        if (Regions.Count > 0)
        {
            var names = Regions.Select(code => geography.Departments.FirstOrDefault(d => d.RegionCode == code)?.RegionName ?? code).ToList();
            return (names.Count == 1 ? "région " : "régions ") + string.Join(", ", names);
        }
        return $"{RadiusKm:0} km";
    }

    /// <summary>The widest radius an area may give: beyond it, the area is "national".</summary>
    public const double MaxRadiusKm = 1000;

    public static bool TryParse(string? text, out ServiceArea area)
    {
        area = Radius(0);
        var t = text?.Trim().ToLowerInvariant() ?? "";
        if (t.Length == 0) return false;
        if (t is "national" or "france") { area = Nationwide; return true; }
        var geography = Geography.FrenchGeography.Instance;
        if (t.StartsWith("dep:", StringComparison.Ordinal))
        {
            // Departments that exist, by their code ("2a" is Corse-du-Sud's 2A); one unknown code makes the whole area wrong.
            var departments = List(t[4..]).Select(d => geography.ByCode(d)?.Code).ToList();
            area = new ServiceArea(null, departments.OfType<string>().Distinct().ToList(), [], false);
            return departments.Count > 0 && departments.All(d => d is not null);
        }
        if (t.StartsWith("reg:", StringComparison.Ordinal))
        {
            var regions = List(t[4..]);
            area = new ServiceArea(null, [], regions, false);
            return regions.Count > 0 && regions.All(r => geography.Departments.Any(d => d.RegionCode == r));
        }
        if (double.TryParse(t.Replace("km", "").Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var km) && km is > 0 and <= MaxRadiusKm)
        {
            area = Radius(km);
            return true;
        }
        return false;
    }

    private static List<string> List(string text) => text.Split([',', ';', ' ', '|'], StringSplitOptions.RemoveEmptyEntries).ToList();
}

/// <summary>INSEE employee bands ("20 à 49 salariés") turned into a plausible yearly contract volume.</summary>
public static class SizeBands
{
    public static decimal? YearlyCapacity(string? band)
    {
        if (string.IsNullOrWhiteSpace(band)) return null;
        var digits = new string(band.TakeWhile(c => char.IsAsciiDigit(c) || c == ' ').Where(char.IsAsciiDigit).ToArray());
        if (!int.TryParse(digits, out var lower)) return null;
        // About 60 k€ of contract work per employee and year, never below a small worksite.
        return Math.Max(150_000m, lower * 60_000m);
    }
}

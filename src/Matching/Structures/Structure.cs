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

    public static bool TryParse(string? text, out ServiceArea area)
    {
        area = Radius(0);
        var t = text?.Trim().ToLowerInvariant() ?? "";
        if (t.Length == 0) return false;
        if (t is "national" or "france") { area = Nationwide; return true; }
        if (t.StartsWith("dep:", StringComparison.Ordinal)) { area = new ServiceArea(null, List(t[4..]).Select(d => d.ToUpperInvariant()).ToList(), [], false); return area.Departments.Count > 0; }
        if (t.StartsWith("reg:", StringComparison.Ordinal)) { area = new ServiceArea(null, [], List(t[4..]), false); return area.Regions.Count > 0; }
        if (double.TryParse(t.Replace("km", "").Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var km) && km > 0)
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

namespace ClausesSociales.Geography;

/// <summary>A French department with its region, NUTS 3 code and approximate centroid.</summary>
public sealed record Department(string Code, string Name, string RegionCode, string RegionName, string Nuts3, double Latitude, double Longitude)
{
    /// <summary>As its readers name it: "Rhône (69)".</summary>
    public string InFrench() => $"{Name} ({Code})";
}

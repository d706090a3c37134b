namespace ClausesSociales;

public static class GeoMath
{
    private const double EarthRadiusKm = 6371.0;

    /// <summary>Great-circle distance in km.</summary>
    public static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        var dLat = Radians(lat2 - lat1);
        var dLon = Radians(lon2 - lon1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    /// <summary>
    /// Distance in km on a local flat projection: within 0.5% of the great circle below a few
    /// hundred km, and several times cheaper, for ranking many structures around a lot.
    /// </summary>
    public static double ShortDistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        var x = Radians(lon2 - lon1) * Math.Cos(Radians((lat1 + lat2) / 2));
        var y = Radians(lat2 - lat1);
        return EarthRadiusKm * Math.Sqrt(x * x + y * y);
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}

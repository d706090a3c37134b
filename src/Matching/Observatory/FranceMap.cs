using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ClausesSociales.Observatory;

/// <summary>
/// Department polygons (GeoJSON, simplified, from france-geojson) drawn as SVG for the territory's
/// regions, the territory's departments highlighted and the local ESS structures as points.
/// </summary>
public sealed class FranceMap
{
    private readonly Dictionary<string, List<List<(double Lon, double Lat)>>> _departments = new(StringComparer.OrdinalIgnoreCase);

    public FranceMap(string departmentsGeoJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(departmentsGeoJson));
        foreach (var feature in doc.RootElement.GetProperty("features").EnumerateArray())
        {
            var code = feature.GetProperty("properties").GetProperty("code").GetString()!;
            var geometry = feature.GetProperty("geometry");
            var rings = new List<List<(double, double)>>();
            var polygons = geometry.GetProperty("type").GetString() == "MultiPolygon"
                ? geometry.GetProperty("coordinates").EnumerateArray().ToList()
                : [geometry.GetProperty("coordinates")];
            foreach (var polygon in polygons)
            {
                foreach (var ring in polygon.EnumerateArray())
                {
                    rings.Add(ring.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList());
                }
            }
            _departments[code] = rings;
        }
    }

    /// <summary>Finds france-geojson/departements-version-simplifiee.geojson in the shared data folder above the working folder.</summary>
    public static string? FindDefault()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "france-geojson", "departements-version-simplifiee.geojson");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    public bool Has(string department) => _departments.ContainsKey(department);

    /// <summary>
    /// When the territory is small next to its region (under 5% of its extent, Paris or a
    /// département of the petite couronne), only the departments around it, so that it can be seen.
    /// </summary>
    private (List<string> Drawn, (double, double, double, double)? Frame) Around(List<string> shown, IReadOnlySet<string> highlighted)
    {
        var inner = highlighted.Where(_departments.ContainsKey).ToList();
        if (inner.Count == 0 || shown.Count == 0) return (shown, null);
        var (region, territory) = (Box(shown), Box(inner));
        if (territory.Area >= 0.05 * region.Area) return (shown, null);
        // A frame twice the territory's size around it; the departments across it are drawn, cut at its edges.
        var (w, h) = (territory.MaxLon - territory.MinLon, territory.MaxLat - territory.MinLat);
        var near = (MinLon: territory.MinLon - w / 2, MaxLon: territory.MaxLon + w / 2, MinLat: territory.MinLat - h / 2, MaxLat: territory.MaxLat + h / 2);
        var drawn = shown.Where(d => highlighted.Contains(d) || Box([d]) is var b && b.MinLon < near.MaxLon && b.MaxLon > near.MinLon && b.MinLat < near.MaxLat && b.MaxLat > near.MinLat).ToList();
        return (drawn, near);
    }

    private (double MinLon, double MaxLon, double MinLat, double MaxLat, double Area) Box(IEnumerable<string> departments)
    {
        var points = departments.SelectMany(d => _departments[d]).SelectMany(r => r).ToList();
        double minLon = points.Min(p => p.Lon), maxLon = points.Max(p => p.Lon), minLat = points.Min(p => p.Lat), maxLat = points.Max(p => p.Lat);
        return (minLon, maxLon, minLat, maxLat, (maxLon - minLon) * (maxLat - minLat));
    }

    /// <param name="shown">Departments drawn (the territory's regions).</param>
    /// <param name="highlighted">Departments of the territory.</param>
    /// <summary>A structure's dot: violet for ESAT and EA, red for insertion structures and the others.</summary>
    public static string Color(string kind) => kind is "ESAT" or "EA" ? Sheltered : Others;

    public const string Sheltered = "#8e44ad", Others = "#c0392b";

    public string Svg(IReadOnlyCollection<string> shown, IReadOnlySet<string> highlighted, IReadOnlyList<MapPoint> points, int width = 520, int height = 420)
    {
        var (drawn, frame) = Around(shown.Where(_departments.ContainsKey).ToList(), highlighted);
        if (drawn.Count == 0) return "<p class=\"empty\">Pas de contour disponible pour ces départements (les contours fournis couvrent la France métropolitaine).</p>";
        var all = drawn.SelectMany(d => _departments[d]).SelectMany(r => r).ToList();
        double minLon = all.Min(p => p.Lon), maxLon = all.Max(p => p.Lon), minLat = all.Min(p => p.Lat), maxLat = all.Max(p => p.Lat);
        if (frame is { } f) (minLon, maxLon, minLat, maxLat) = f;
        var k = Math.Cos((minLat + maxLat) / 2 * Math.PI / 180);
        var scale = Math.Min((width - 20) / ((maxLon - minLon) * k), (height - 20) / (maxLat - minLat));
        string X(double lon) => (10 + (lon - minLon) * k * scale).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double lat) => (10 + (maxLat - lat) * scale).ToString("0.#", CultureInfo.InvariantCulture);

        var sb = new StringBuilder($"<svg class=\"map\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\">");
        foreach (var d in drawn)
        {
            var fill = highlighted.Contains(d) ? "#f5cba7" : "#eef1f4";
            sb.Append($"<path fill=\"{fill}\" stroke=\"#7f8c8d\" stroke-width=\"0.8\" d=\"");
            foreach (var ring in _departments[d])
            {
                sb.Append('M');
                sb.Append(string.Join(" L", ring.Select(p => $"{X(p.Lon)},{Y(p.Lat)}")));
                sb.Append('Z');
            }
            sb.Append($"\"><title>{SvgCharts.E(d)}</title></path>");
            var ringPoints = _departments[d].OrderByDescending(r => r.Count).First();
            sb.Append($"<text x=\"{X(ringPoints.Average(p => p.Lon))}\" y=\"{Y(ringPoints.Average(p => p.Lat))}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#34495e\">{SvgCharts.E(d)}</text>");
        }
        foreach (var p in points.Where(p => p.Longitude >= minLon && p.Longitude <= maxLon && p.Latitude >= minLat && p.Latitude <= maxLat))
        {
            var color = Color(p.Kind);
            sb.Append($"<circle cx=\"{X(p.Longitude)}\" cy=\"{Y(p.Latitude)}\" r=\"2.6\" fill=\"{color}\" fill-opacity=\"0.8\"><title>{SvgCharts.E(p.Name)} ({SvgCharts.E(p.Kind)})</title></circle>");
        }
        return sb.Append("</svg>").ToString();
    }
}

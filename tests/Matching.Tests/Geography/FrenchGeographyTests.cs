using System.Text.Json;
using System.Text.RegularExpressions;
using ClausesSociales.Geography;

namespace ClausesSociales.Tests.Geography;

public sealed class FrenchGeographyTests
{
    private readonly FrenchGeography _geo = FrenchGeography.Instance;

    [Fact]
    public void HoldsEveryDepartmentAndRegionOfTheOfficialList()
    {
        using var departments = JsonDocument.Parse(File.ReadAllText(SharedData.Path("geo", "departements.json")));
        using var regions = JsonDocument.Parse(File.ReadAllText(SharedData.Path("geo", "regions.json")));
        var regionNames = regions.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString()!, r => r.GetProperty("nom").GetString());

        var official = departments.RootElement.EnumerateArray().ToList();
        Assert.Equal(official.Count, _geo.Departments.Count);
        foreach (var d in official)
        {
            var ours = _geo.ByCode(d.GetProperty("code").GetString()!);
            Assert.NotNull(ours);
            Assert.Equal(d.GetProperty("nom").GetString(), ours.Name);
            Assert.Equal(d.GetProperty("codeRegion").GetString(), ours.RegionCode);
            Assert.Equal(regionNames[ours.RegionCode], ours.RegionName);
        }
    }

    [Fact]
    public void MapsEveryFrenchNuts3CodeOfTheEformsListToItsDepartment()
    {
        var codeList = File.ReadAllText(SharedData.Path("eforms-sdk", "codelists", "nuts_nuts-fra-lvl3.gc"));
        var rows = Regex.Matches(codeList, @"<Row>(.*?)</Row>", RegexOptions.Singleline)
            .Select(m => (Code: Regex.Match(m.Value, @"ColumnRef=""code"">\s*<SimpleValue>([^<]*)").Groups[1].Value,
                          Name: Regex.Match(m.Value, @"ColumnRef=""fra_label"">\s*<SimpleValue>([^<]*)").Groups[1].Value))
            .Where(r => r.Code != "FRZZZ").ToList();

        Assert.Equal(101, rows.Count);
        foreach (var (code, name) in rows)
        {
            var d = _geo.ByNuts3(code);
            Assert.NotNull(d);
            Assert.Equal(Fold(name), Fold(d.Name));
        }
    }

    [Fact]
    public void CentroidsLieInsideTheirDepartmentBoundingBox()
    {
        using var geojson = JsonDocument.Parse(File.ReadAllText(SharedData.Path("france-geojson", "departements-version-simplifiee.geojson")));
        foreach (var feature in geojson.RootElement.GetProperty("features").EnumerateArray())
        {
            var code = feature.GetProperty("properties").GetProperty("code").GetString()!;
            var points = Points(feature.GetProperty("geometry").GetProperty("coordinates")).ToList();
            var d = _geo.ByCode(code)!;
            Assert.InRange(d.Longitude, points.Min(p => p.Lon), points.Max(p => p.Lon));
            Assert.InRange(d.Latitude, points.Min(p => p.Lat), points.Max(p => p.Lat));
        }
    }

    [Theory]
    [InlineData("FR106", "93")]
    [InlineData("93200", "93")]
    [InlineData("20000", "2A")]
    [InlineData("20600", "2B")]
    [InlineData("97411", "974")]
    [InlineData("1", "01")]
    public void ResolvesNutsPostalAndDepartmentCodes(string place, string department) => Assert.Equal(department, _geo.Resolve(place)?.Code);

    private static IEnumerable<(double Lon, double Lat)> Points(JsonElement e)
    {
        if (e.ValueKind == JsonValueKind.Array && e.GetArrayLength() >= 2 && e[0].ValueKind == JsonValueKind.Number)
        {
            yield return (e[0].GetDouble(), e[1].GetDouble());
            yield break;
        }
        foreach (var child in e.EnumerateArray()) foreach (var p in Points(child)) yield return p;
    }

    private static string Fold(string s) => new(s.Normalize(System.Text.NormalizationForm.FormD)
        .Where(c => char.IsAsciiLetter(c)).Select(char.ToLowerInvariant).ToArray());
}

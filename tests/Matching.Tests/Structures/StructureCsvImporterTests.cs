using ClausesSociales.Structures;

namespace ClausesSociales.Tests.Structures;

public sealed class StructureCsvImporterTests
{
    private static readonly string SiaeFile = SharedData.Path("structures", "siae-2021.csv");

    private static StructureImport ImportShared()
    {
        using var reader = new StreamReader(SiaeFile);
        return new StructureCsvImporter().Read(reader);
    }

    [Fact]
    public void AcceptsOrRejectsEveryRowOfTheSiaeDirectoryWithAReason()
    {
        var import = ImportShared();
        var dataRows = File.ReadLines(SiaeFile).Skip(1).Count(l => l.Length > 0);
        var replaced = import.Notes.Count(n => n.Reason.StartsWith("SIRET seen", StringComparison.Ordinal));

        Assert.Equal(dataRows, import.Structures.Count + import.Rejected.Count + replaced);
        Assert.True(import.Structures.Count > 3700, $"{import.Structures.Count} accepted");
        Assert.All(import.Rejected, r => Assert.False(string.IsNullOrWhiteSpace(r.Reason)));
        Assert.All(import.Rejected, r => Assert.InRange(r.Line, 2, dataRows + 1));
        Assert.Equal(13, import.Rejected.Count(r => r.Reason.StartsWith("invalid SIRET", StringComparison.Ordinal)));
        Assert.Contains(import.Rejected, r => r.Siret == "12345678901234");
    }

    [Fact]
    public void RejectsCoordinatesFarFromTheStatedDepartment()
    {
        var import = ImportShared();

        var far = import.Rejected.Where(r => r.Reason.StartsWith("coordinates", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(far);
        Assert.All(far, r => Assert.Matches(@"are \d+ km from department", r.Reason));
    }

    [Fact]
    public void PlacesStructuresWithoutCoordinatesAtTheirDepartmentCentre()
    {
        var import = ImportShared();
        var note = import.Notes.First(n => n.Reason.StartsWith("no coordinates", StringComparison.Ordinal));

        var structure = import.Structures.Single(s => s.Siret == note.Siret);
        var department = ClausesSociales.Geography.FrenchGeography.Instance.ByCode(structure.Department)!;

        Assert.Equal(department.Latitude, structure.Latitude);
        Assert.Equal(department.Longitude, structure.Longitude);
    }

    [Fact]
    public void MapsNafCodesToCpvActivities()
    {
        var import = ImportShared();

        var baluchon = import.Structures.Single(s => s.Siret == "80746931700018");
        Assert.Equal(StructureKind.EI, baluchon.Kind);
        Assert.Equal("Baluchon-À table citoyens", baluchon.Name);
        Assert.Equal("5621Z", baluchon.Naf);
        Assert.Contains("5552", baluchon.Activities);
        Assert.Equal("93", baluchon.Department);
        // A generic NAF (8899B, other social action) means labour supply, marked as such.
        var collecterie = import.Structures.Single(s => s.Siret == "75187049400026");
        Assert.All(collecterie.Activities, a => Assert.StartsWith(StructureCsvImporter.Workforce, a));
    }

    [Fact]
    public void ReadsTheGenericLayoutWithAreasAndDeclaredActivities()
    {
        var csv = """
            siret,name,kind,naf,address,post_code,city,department,latitude,longitude,employees,activities,area
            80746931700018,ESAT des Lilas,ESAT,8810C,1 rue de Paris,93260,Les Lilas,93,48.88,2.42,50 à 99 salariés,3919 9831,dep:93;94
            75187049400026,SCOP Bâtir,SCOP,4120A,,75011,Paris,75,,,,,national
            12345678901234,Faux,EA,,,,,93,48.9,2.4,,,
            80746931700018,ESAT des Lilas,ESAT,8810C,,93260,Les Lilas,93,48.88,2.42,,,lune
            """;

        var import = new StructureCsvImporter().Read(new StringReader(csv));

        Assert.Equal(2, import.Structures.Count);
        var esat = import.Structures.Single(s => s.Kind == StructureKind.ESAT);
        Assert.Contains("3919", esat.Activities);
        Assert.Contains("9831", esat.Activities);
        Assert.Equal(["93", "94"], esat.Area.Departments);
        Assert.Equal(3000000m, esat.YearlyCapacity);
        var scop = import.Structures.Single(s => s.Kind == StructureKind.SCOP);
        Assert.True(scop.Area.National);
        Assert.Equal(2, import.Rejected.Count);
        Assert.Contains(import.Rejected, r => r.Line == 4 && r.Reason.StartsWith("invalid SIRET", StringComparison.Ordinal));
        Assert.Contains(import.Rejected, r => r.Line == 5 && r.Reason.StartsWith("area 'lune'", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryRowOfTheNafMappingNamesCpvPrefixes()
    {
        var map = ActivityMap.Default;

        Assert.True(map.Count > 100);
        Assert.Equal(["909", "9091", "9092"], map.For("8121Z").Cpv);
        Assert.False(map.For("8121Z").Workforce);
        Assert.True(map.For("7830Z").Workforce);
        Assert.Empty(map.For("9999Z").Cpv);
    }

    [Theory]
    [InlineData("80746931700018", true)]
    [InlineData("80746931700019", false)]
    [InlineData("35600000049837", true)]
    [InlineData("1234", false)]
    public void ChecksSiretCheckDigits(string siret, bool valid) => Assert.Equal(valid, Siret.IsValid(siret));

    [Fact]
    public void ARowForAStoredStructureKeepsWhatItDoesNotGive()
    {
        // A real structure of the SIAE directory, with its address, town and coordinates.
        Structure stored;
        using (var reader = new StreamReader(SharedData.Path("structures", "siae-2021.csv")))
        {
            stored = new StructureCsvImporter().Read(reader).Structures.First(s => s.City is not null && s.Address is not null && s.Naf is not null);
        }
        var known = new Dictionary<string, Structure> { [stored.Siret] = stored };

        // A file of SIRET, name, kind and department only: the name changes, the rest is kept.
        var bare = new StructureCsvImporter().Read(new StringReader($"siret,name,kind,department\n{stored.Siret},Nouveau nom,{stored.Kind},{stored.Department}\n"), known);
        var kept = Assert.Single(bare.Structures);
        Assert.Equal("Nouveau nom", kept.Name);
        Assert.Equal((stored.Address, stored.PostalCode, stored.City, stored.Latitude, stored.Longitude, stored.Naf), (kept.Address, kept.PostalCode, kept.City, kept.Latitude, kept.Longitude, kept.Naf));
        Assert.DoesNotContain(bare.Notes, n => n.Reason.StartsWith("no coordinates", StringComparison.Ordinal));

        // A row that gives a new place, or another department, replaces the place as a whole.
        var moved = new StructureCsvImporter().Read(new StringReader($"siret,name,kind,post_code\n{stored.Siret},{stored.Name},{stored.Kind},75011\n"), known).Structures.Single();
        Assert.Equal(("75", "75011", (string?)null, (string?)null), (moved.Department, moved.PostalCode, moved.City, moved.Address));
        Assert.NotEqual(stored.Latitude, moved.Latitude);
        // Without what is stored, the row is all there is.
        Assert.Null(new StructureCsvImporter().Read(new StringReader($"siret,name,kind,department\n{stored.Siret},Nouveau nom,{stored.Kind},{stored.Department}\n")).Structures.Single().City);
    }

    // Areas name departments and regions that exist, and a radius France can hold; the rest is refused, not shown as "XX" or "région 99".
    [Theory]
    [InlineData("30km", "30 km")]
    [InlineData("dep:93,2a", "Seine-Saint-Denis (93), Corse-du-Sud (2A)")]
    [InlineData("reg:11", null)]
    [InlineData("national", null)]
    [InlineData("dep:93,xx", "")]
    [InlineData("dep:975", "")]
    [InlineData("reg:99", "")]
    [InlineData("5000km", "")]
    [InlineData("lune", "")]
    public void AnAreaNamesPlacesThatExist(string text, string? shown)
    {
        var valid = ServiceArea.TryParse(text, out var area);
        Assert.Equal(shown != "", valid);
        if (shown is { Length: > 0 }) Assert.Equal(shown, area.InFrench());
        var csv = $"siret,name,kind,department,area\n80746931700018,Atelier,EI,93,\"{text}\"\n";
        Assert.Equal(valid ? 1 : 0, new StructureCsvImporter().Read(new StringReader(csv)).Structures.Count);
    }
}

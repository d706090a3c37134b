using System.Text.Json;
using AngleSharp;
using ClausesSociales.CodeLists;
using ClausesSociales.Decp;
using ClausesSociales.Notices;
using ClausesSociales.Observatory;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using ClausesSociales.Territories;

namespace ClausesSociales.Tests.Observatory;

/// <summary>The report on the sample feed's lots, the SIAE directory and the DECP sample.</summary>
public sealed class ObservatoryBuilderTests
{
    private static readonly Lazy<IReadOnlyList<Structure>> Siae = new(() =>
    {
        using var reader = new StreamReader(SharedData.Path("structures", "siae-2021.csv"));
        return new StructureCsvImporter().Read(reader).Structures;
    });

    private static readonly Lazy<CodeLabels> Labels = new(() => CodeLabels.Load(SharedData.Path("eforms-sdk")));

    private static List<LotEntity> SampleLots(Func<Notice, Notice>? change = null)
    {
        var parser = new NoticeParser();
        return Directory.EnumerateFiles(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed"))
            .SelectMany(f => parser.Parse(Path.GetFileName(f), File.ReadAllBytes(f)).Notices)
            .Select(n => change?.Invoke(n) ?? n)
            .SelectMany(n => n.Lots.Select(l => LotEntity.From(n, l)))
            .ToList();
    }

    private static List<DecpContract> SampleContracts()
    {
        using var stream = File.OpenRead(SharedData.Path("decp-2022", "decp_test_2022.json"));
        return DecpReader.Read(stream).Where(i => i.Contract is not null).Select(i => i.Contract!).ToList();
    }

    private static ObservatoryFigures Build(string spec, ObservatoryInputs inputs) =>
        new ObservatoryBuilder(new PlaceResolver(AdministrativeSplit.Instance), Labels.Value, TimeProvider.System)
            .Build(Territory.Parse(spec, AdministrativeSplit.Instance), new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), inputs);

    [Fact]
    public void CountsTheLotsOfTheTerritorysBuyersAndTheLocalSupply()
    {
        var lots = SampleLots();
        var figures = Build("DEP:93", new ObservatoryInputs(lots, Siae.Value, SampleContracts()));

        // Commune de Montreuil (SIREN) and Département de la Seine-Saint-Denis (name); not the Métropole de Lyon.
        var ofBuyers = lots.Count(l => l.BuyerName is "Commune de Montreuil" or "DEPARTEMENT DE LA SEINE-SAINT-DENIS");
        Assert.True(ofBuyers >= 2);
        Assert.Equal(ofBuyers, figures.Published.Lots);
        Assert.Equal(["Commune de Montreuil", "DEPARTEMENT DE LA SEINE-SAINT-DENIS"], figures.Published.ByBuyer.Select(b => b.Key).Order(StringComparer.Ordinal));
        Assert.Equal(lots.Count(l => l.Departments == "93"), figures.Performed.Lots);
        Assert.Equal(lots.Count(l => l.Departments == "93" && !string.IsNullOrEmpty(l.SocialMarkers)), figures.Published.Social);
        Assert.Equal(["2026-11"], figures.Published.ByMonth.Select(m => m.Key));
        Assert.Equal(["novembre 2026"], figures.Published.ByMonth.Select(m => m.Label));
        var national = Assert.Single(figures.Shares, s => s.Scope == "national");
        Assert.Equal(lots.Count, national.Lots);

        // Local supply: the SIAE of the directory whose address is in Seine-Saint-Denis, found by postal code and city.
        var inDirectory = Siae.Value.Count(s => s.Department == "93");
        Assert.InRange(figures.Supply.Structures + figures.Supply.UnplacedStructures, inDirectory - 5, inDirectory);
        Assert.True(figures.Supply.Structures > 0.9 * inDirectory, $"{figures.Supply.Structures} of {inDirectory} placed");
        Assert.Contains(figures.Supply.ByTrade, t => t.Key == "90"); // cleaning and green spaces trades
        Assert.Equal(AdministrativeSplit.Instance.CommunesOfDepartment("93").Count, figures.Territory.Communes.Count);
    }

    [Fact]
    public void AMissedOpportunityNamesTheLabelTheClassifierFindsLikelyWithItsOwnProbability()
    {
        var lots = SampleLots();
        // A lot of the territory, its buyer's declarations taken away, scored as a model would: a social clause likely, a reservation not.
        var lot = lots.First(l => l.Departments == "93");
        (lot.SocialMarkers, lot.ReservedMarkers) = (null, null);
        (lot.SocialProbability, lot.ReservedProbability, lot.GreenProbability, lot.LikelyLabels) = (0.8, 0.027, 0.1, "social");

        var missed = Build("DEP:93", new ObservatoryInputs(lots, Siae.Value, [])).MissedOpportunities;

        Assert.Equal("le classifieur : clause sociale envisageable (probabilité estimée à 80\u00A0%)", Assert.Single(missed, m => m.LotId == lot.LotId && m.NoticeId == lot.NoticeId).Why);
    }

    [Fact]
    public void AwardedContractsLandByBuyerSirenOrPlaceOfPerformance()
    {
        var inputs = new ObservatoryInputs([], Siae.Value, SampleContracts());
        var between = new DateOnly(2015, 1, 1);
        var builder = new ObservatoryBuilder(new PlaceResolver(AdministrativeSplit.Instance), Labels.Value, TimeProvider.System);

        // 202207LOT03: buyer SIRET 21500222100012, a commune of the Manche, with "Critère social" and "Clause sociale".
        var manche = builder.Build(Territory.Parse("DEP:50", AdministrativeSplit.Instance), between, new DateOnly(2026, 12, 31), inputs).Awarded;
        Assert.Equal((1, 1, 0), (manche.Contracts, manche.WithSocialConsideration, manche.Reserved));
        // 2020F00075: buyer is the Bouches-du-Rhône department (not a commune or EPCI), place of performance 87000 Limoges.
        var hauteVienne = builder.Build(Territory.Parse("DEP:87", AdministrativeSplit.Instance), between, new DateOnly(2026, 12, 31), inputs).Awarded;
        Assert.Equal((1, 0), (hauteVienne.Contracts, hauteVienne.WithSocialConsideration));
        var somme = builder.Build(Territory.Parse("DEP:80", AdministrativeSplit.Instance), between, new DateOnly(2026, 12, 31), inputs).Awarded;
        Assert.Equal(0, somme.Contracts);
    }

    [Fact]
    public async Task TheReportEscapesEveryValueAndWritesEveryFigure()
    {
        var lots = SampleLots(n => n.Source == "html" ? n with { Buyer = n.Buyer with { Name = "<script>alert(1)</script> & Cie" }, Url = "javascript:alert(1)" } : n);
        var figures = Build("DEP:93", new ObservatoryInputs(lots, Siae.Value, SampleContracts()));
        var map = new FranceMap(SharedData.Path("france-geojson", "departements-version-simplifiee.geojson"));
        var regions = AdministrativeSplit.Instance.DepartmentRegions;
        var folder = Path.Combine(Path.GetTempPath(), "observatory-" + Guid.NewGuid().ToString("N"));
        try
        {
            ObservatoryReport.Write(figures, map, regions, folder);
            var html = await File.ReadAllTextAsync(Path.Combine(folder, "report.html"));

            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
            var document = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(html));
            Assert.Contains(document.QuerySelectorAll("td"), td => td.TextContent == "<script>alert(1)</script> & Cie");
            Assert.All(document.QuerySelectorAll("a[href]"), a => Assert.Matches("^https?://", a.GetAttribute("href")!));
            Assert.Empty(document.QuerySelectorAll("script, link, img, iframe"));
            Assert.Equal("fr", document.DocumentElement.GetAttribute("lang"));
            // Dates in words ("1er"). No DECP contract lands in Seine-Saint-Denis: the report says none was imported, not that none was awarded.
            Assert.StartsWith("Période du 1er janvier 2026 au ", document.QuerySelector("p.meta")!.TextContent);
            var axis = document.QuerySelectorAll("svg.chart text").Select(t => t.TextContent).ToList();
            Assert.Contains(axis, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^\d{2}/2026$"));
            Assert.DoesNotContain(axis, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"^2026-\d{2}$"));
            Assert.Equal(0, figures.Awarded.Contracts);
            Assert.Contains(document.QuerySelectorAll(".kpi"), k => k.TextContent == "—marchés attribués (DECP) : aucun importé");
            Assert.Contains(document.QuerySelectorAll("p.empty"), p => p.TextContent.StartsWith("Aucun marché attribué de ce territoire et de cette période n'a été importé", StringComparison.Ordinal));
            // Seine-Saint-Denis is small next to Île-de-France: the map is framed on it, highlighted among its neighbours of the region.
            var drawn = document.QuerySelectorAll("svg.map path").Select(p => p.TextContent).ToList();
            Assert.Single(document.QuerySelectorAll("svg.map path"), p => p.GetAttribute("fill") == "#f5cba7" && p.TextContent == "93");
            Assert.Contains("75", drawn);
            Assert.Contains("94", drawn);
            Assert.Contains("viewBox=\"0 0 520 420\"", html);
            Assert.All(drawn, d => Assert.Equal("11", regions[d]));
            // The legend names the colours drawn, with their counts.
            var legend = document.QuerySelectorAll("p.note").Single(p => p.TextContent.StartsWith("Départements de la région", StringComparison.Ordinal)).TextContent;
            var sheltered = figures.Supply.Points.Count(p => p.Kind is "ESAT" or "EA");
            Assert.InRange(sheltered, 1, figures.Supply.Points.Count - 1);
            Assert.Contains($"Points : ● structures d'insertion et autres ({figures.Supply.Points.Count - sheltered}), ● ESAT et entreprises adaptées ({sheltered}).", legend);
            Assert.Equal(figures.Supply.Points.Count, document.QuerySelectorAll("svg.map circle").Length);
            // What "offre locale" means in the missed opportunities: the radii by kind and the counts that make a recommendation.
            var local = document.QuerySelectorAll("p.note").Single(p => p.TextContent.StartsWith("Offre locale", StringComparison.Ordinal)).TextContent;
            Assert.Contains("30 km pour les ACI, AI et associations, 50 km pour les EI, ETTI, EITI, GEIQ, ESAT et EA, 80 km pour les SCOP et SCIC.", local);
            Assert.Contains("à partir de 2 ESAT ou EA du métier (article L2113-12) ou de 3 SIAE du métier (article L2113-13)", local);

            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "figures.json")));
            var root = json.RootElement;
            Assert.Equal("2026-01-01", root.GetProperty("from").GetString());
            Assert.Equal(figures.Territory.Communes.Count, root.GetProperty("territory").GetProperty("communes").GetArrayLength());
            Assert.Equal(figures.Published.Lots, root.GetProperty("published").GetProperty("lots").GetInt32());
            var csv = await File.ReadAllLinesAsync(Path.Combine(folder, "figures.csv"));
            Assert.Contains($"published;total;;lots;{figures.Published.Lots}", csv);
            Assert.Contains(csv, l => l.StartsWith("published.buyer;\"<script>", StringComparison.Ordinal) || l.StartsWith("published.buyer;<script>", StringComparison.Ordinal));

            // The Manche has one DECP contract (202207LOT03): counted, in the singular.
            var manche = new ObservatoryBuilder(new PlaceResolver(AdministrativeSplit.Instance), Labels.Value, TimeProvider.System)
                .Build(Territory.Parse("DEP:50", AdministrativeSplit.Instance), new DateOnly(2015, 1, 1), new DateOnly(2026, 12, 31), new ObservatoryInputs(lots, Siae.Value, SampleContracts()));
            var mancheFolder = Path.Combine(folder, "manche");
            ObservatoryReport.Write(manche, map, regions, mancheFolder);
            var mancheReport = await BrowsingContext.New(Configuration.Default).OpenAsync(r => r.Content(File.ReadAllText(Path.Combine(mancheFolder, "report.html"))));
            Assert.Contains(mancheReport.QuerySelectorAll(".kpi"), k => k.TextContent == "1marché attribué (DECP)");
            // No ESAT or EA of the directory in the Manche: the legend does not name their colour.
            Assert.DoesNotContain(manche.Supply.Points, p => p.Kind is "ESAT" or "EA");
            Assert.Contains(mancheReport.QuerySelectorAll("p.note"), p => p.TextContent.Contains($"Points : ● structures d'insertion et autres ({manche.Supply.Points.Count}). Contours", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

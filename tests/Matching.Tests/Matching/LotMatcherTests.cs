using ClausesSociales.Geography;
using ClausesSociales.Matching;
using ClausesSociales.Notices;
using ClausesSociales.Structures;

namespace ClausesSociales.Tests.Matching;

/// <summary>Matching on real records: the SIAE directory and real notices from the shared corpora.</summary>
public sealed class LotMatcherTests
{
    private static readonly Lazy<IReadOnlyList<Structure>> Siae = new(() =>
    {
        using var reader = new StreamReader(SharedData.Path("structures", "siae-2021.csv"));
        return new StructureCsvImporter().Read(reader).Structures;
    });

    private readonly LotMatcher _matcher = new(new StructureIndex(Siae.Value, FrenchGeography.Instance));
    private readonly NoticeParser _parser = new();

    private Notice Parse(params string[] path)
    {
        var file = SharedData.Path(path);
        return Assert.Single(_parser.Parse(file, File.ReadAllBytes(file)).Notices);
    }

    /// <summary>A real cleaning lot (Val-de-Marne police stations), placed in Seine-Saint-Denis for the test.</summary>
    private Lot CleaningLotInSeineSaintDenis()
    {
        var lot = Parse("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S02.E01", "form_number_F02", "147024-2018.xml").Lots[0];
        return lot with { Nuts = ["FR106"], Departments = ["93"] };
    }

    [Fact]
    public void AStoredLotWithoutPlaceOfAForeignBuyerIsAbroadNotAnywhereInFrance()
    {
        var cleaning = CleaningLotInSeineSaintDenis();
        var stored = new ClausesSociales.Storage.LotEntity { LotId = "LOT-0001", Title = cleaning.Title, MainCpv = cleaning.MainCpv, BuyerCountry = "ES" };
        Assert.Equal(["ES"], stored.ToLot().Nuts);
        Assert.Empty(_matcher.Match("00646400-2023", stored.ToLot()).Matches);
        // A French buyer's lot without a place stays unknown: structures across France may answer it.
        var french = stored.ToLot() with { Nuts = [] };
        Assert.Empty(new ClausesSociales.Storage.LotEntity { LotId = "LOT-0001", MainCpv = cleaning.MainCpv, BuyerCountry = "FR" }.ToLot().Nuts);
        Assert.NotEmpty(_matcher.Match("00646400-2023", french).Matches);
    }

    [Fact]
    public void MatchesACleaningLotFirstWithNearbyCleaningSiae()
    {
        var lot = CleaningLotInSeineSaintDenis();
        Assert.StartsWith("909", lot.MainCpv);

        var result = _matcher.Match("147024-2018", lot, top: 10);

        Assert.NotEmpty(result.Matches);
        var first = result.Matches[0];
        Assert.StartsWith("812", first.Structure.Naf);
        Assert.True(first.DistanceKm < 30, $"first match is {first.DistanceKm} km away");
        Assert.All(result.Matches.Take(5), m => Assert.StartsWith("812", m.Structure.Naf));
        Assert.Contains(first.Reasons, r => r.StartsWith("Activité compatible : CPV", StringComparison.Ordinal) && r.EndsWith($"(code NAF {first.Structure.Naf})", StringComparison.Ordinal));
        // A yearly amount says what it divides: the sum published over the months.
        var fourYears = _matcher.Match("147024-2018", lot with { EstimatedValue = 1_400_000m, DurationMonths = 48m }, top: 1).Matches[0];
        Assert.Contains(fourYears.Reasons, r => r.StartsWith("Lot d'environ 350\u202F000\u00A0€ par an (1\u202F400\u202F000\u00A0€ sur 48\u00A0mois) : ", StringComparison.Ordinal));
        var oneYear = _matcher.Match("147024-2018", lot with { EstimatedValue = 90_000m, DurationMonths = 12m }, top: 1).Matches[0];
        Assert.Contains(oneYear.Reasons, r => r.StartsWith("Lot d'environ 90\u202F000\u00A0€ par an : ", StringComparison.Ordinal));
        // Without a published duration, no "par an": the sum as the buyer gave it.
        var undated = _matcher.Match("147024-2018", lot with { EstimatedValue = 90_000m, DurationMonths = null }, top: 1).Matches[0];
        Assert.Contains(undated.Reasons, r => r.StartsWith("Lot de 90\u202F000\u00A0€, durée non publiée : ", StringComparison.Ordinal));
        // No catering EI far away anywhere in the ranking.
        var all = _matcher.Match("147024-2018", lot, top: int.MaxValue);
        Assert.DoesNotContain(all.Matches, m => m.Structure.Naf?.StartsWith("56", StringComparison.Ordinal) == true && m.DistanceKm > 300);
        Assert.All(all.Matches, m => Assert.True(m.DistanceKm < 160));
    }

    [Fact]
    public void SaysAnActivityComesFromWhatTheStructureDeclaredNotFromItsNafCode()
    {
        var lot = CleaningLotInSeineSaintDenis();
        // A real catering SIAE of Seine-Saint-Denis that also declares cleaning (a subscription's extra sector).
        var caterer = Siae.Value.First(s => s.Department == "93" && s.Naf?.StartsWith("56", StringComparison.Ordinal) == true);
        var declared = caterer with { Activities = [.. caterer.Activities, "909"] };
        var matcher = new LotMatcher(new StructureIndex([declared], FrenchGeography.Instance));

        var match = Assert.Single(matcher.Match("147024-2018", lot, top: 10).Matches);

        var activity = Assert.Single(match.Reasons, r => r.StartsWith("Activité compatible", StringComparison.Ordinal));
        Assert.EndsWith("(activité déclarée par la structure)", activity);
        Assert.DoesNotContain("code NAF", activity);
    }

    [Fact]
    public void AStructureARecommendedReservationWouldNotAdmitSaysSo()
    {
        Assert.Equal("non éligible si le lot est réservé aux ESAT et EA", InclusivePotential.Caveat(InclusivePotential.ReserveSheltered, "EI"));
        Assert.Equal("non éligible si le lot est réservé aux SIAE", InclusivePotential.Caveat(InclusivePotential.ReserveSiae, "ESAT"));
        Assert.Null(InclusivePotential.Caveat(InclusivePotential.ReserveSheltered, "EA"));
        Assert.Null(InclusivePotential.Caveat(InclusivePotential.ReserveSiae, "ACI"));
        // A clause d'insertion reserves nothing: every structure may answer.
        Assert.Null(InclusivePotential.Caveat(InclusivePotential.InsertionClause, "ESAT"));
        Assert.Null(InclusivePotential.Caveat(InclusivePotential.AlreadyReserved, "EI"));
    }

    [Fact]
    public void ShowsTheStructuresARecommendedReservationAdmitsFirst()
    {
        (int Rank, string Kind, string Potential)[] matches =
            [(1, "ESAT", InclusivePotential.ReserveSiae), (2, "EI", InclusivePotential.ReserveSiae), (3, "EA", InclusivePotential.ReserveSiae), (4, "ACI", InclusivePotential.ReserveSiae)];
        var shown = InclusivePotential.Shown(matches.Reverse(), 3, m => m.Rank, m => m.Potential, m => m.Kind);
        Assert.Equal(["EI", "ACI", "ESAT"], shown.Select(m => m.Kind));
        // Without a reservation to recommend, the match order alone.
        var plain = matches.Select(m => m with { Potential = InclusivePotential.None }).ToArray();
        Assert.Equal(["ESAT", "EI", "EA"], InclusivePotential.Shown(plain, 3, m => m.Rank, m => m.Potential, m => m.Kind).Select(m => m.Kind));
        Assert.True(InclusivePotential.Suits(InclusivePotential.InsertionClause, "GEIQ"));
        Assert.False(InclusivePotential.Suits(InclusivePotential.ReserveSheltered, "EI"));
    }

    [Fact]
    public void NeverListsAnAciForALotReservedToShelteredWorkshops()
    {
        var reservedLots = SharedData.Files("ted-rdf-mapping")
            .SelectMany(f => _parser.Parse(f, File.ReadAllBytes(f)).Notices)
            .SelectMany(n => n.Lots.Select(l => (n.NoticeId, Lot: l)))
            .Where(x => x.Lot.Markers.Reserved.Contains(MarkerCodes.ShelteredWorkshops))
            .ToList();
        Assert.True(reservedLots.Count > 50);

        foreach (var (noticeId, lot) in reservedLots)
        {
            var result = _matcher.Match(noticeId, lot, top: int.MaxValue);
            Assert.All(result.Matches, m => Assert.True(m.Structure.Kind.IsSheltered(), $"{noticeId}/{lot.LotId} lists a {m.Structure.Kind}"));
        }
    }

    [Fact]
    public void ListsOnlyEsatAndEaForAReservedHospitalMealsLot()
    {
        var notice = Parse("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S03.E01", "eforms_subtype_20", "091489-2019.xml");
        var structures = Siae.Value.Append(Esat("13002526500013", "92", 48.83, 2.24, "5629B")).ToList();
        var matcher = new LotMatcher(new StructureIndex(structures, FrenchGeography.Instance));

        var result = matcher.Match(notice.NoticeId, notice.Lots[0], top: int.MaxValue);

        var match = Assert.Single(result.Matches);
        Assert.Equal(StructureKind.ESAT, match.Structure.Kind);
        Assert.Contains(match.Reasons, r => r.StartsWith("Lot réservé aux ESAT et entreprises adaptées (article L2113-12)", StringComparison.Ordinal));
        Assert.Equal(InclusivePotential.AlreadyReserved, result.Potential.Recommendation);

        // Classified: what the buyer declared stays certain, whatever the classifier's probability.
        var scored = Assert.Single(matcher.Match(notice.NoticeId, notice.Lots[0], new ClausesSociales.Classification.LotScores(0.05, 0.30, 0.02, false), top: int.MaxValue).Matches);
        Assert.Contains("Clause sociale ou réservation déclarée par l'acheteur", scored.Reasons);
        Assert.DoesNotContain(scored.Reasons, r => r.StartsWith("Probabilité", StringComparison.Ordinal));
        Assert.Equal(match.Score, scored.Score);
    }

    [Fact]
    public void NamesTheDepartmentsAndRegionsOfAServiceAreaAsItsReadersDo()
    {
        var lot = CleaningLotInSeineSaintDenis();
        var cleaning = Esat("13002526500013", "93", 48.91, 2.48, "8121Z");
        var byDepartments = cleaning with { Siret = "13002526500021", Area = new ServiceArea(null, ["93", "94", "2A"], [], false) };
        var byRegion = cleaning with { Siret = "13002526500039", Area = new ServiceArea(null, [], ["11"], false) };
        var matcher = new LotMatcher(new StructureIndex([byDepartments, byRegion], FrenchGeography.Instance));

        var result = matcher.Match("147024-2018", lot, top: int.MaxValue);

        string Place(string siret) => result.Matches.Single(m => m.Structure.Siret == siret).Reasons.Single(r => r.Contains("zone d'intervention", StringComparison.Ordinal));
        Assert.Equal("Seine-Saint-Denis (93) dans la zone d'intervention (Seine-Saint-Denis (93), Val-de-Marne (94), Corse-du-Sud (2A))", Place(byDepartments.Siret));
        Assert.Equal("Seine-Saint-Denis (93) dans la zone d'intervention (région Île-de-France)", Place(byRegion.Siret));
    }

    [Fact]
    public void MatchesANationalLotNationally()
    {
        var notice = Parse("ted-rdf-mapping", "test_data", "sampling_2021", "form_number_F02", "014265-2021.xml");
        var lot = notice.Lots[0];
        Assert.Equal(["FR"], lot.Nuts);

        var result = _matcher.Match(notice.NoticeId, lot, top: int.MaxValue);

        Assert.Equal(PlaceScope.National, result.Place);
        Assert.True(result.Matches.Select(m => m.Structure.Department).Distinct().Count() > 20, "matches should come from all over France");
        Assert.All(result.Matches, m => Assert.Contains(m.Reasons, r => r.StartsWith("Lot national", StringComparison.Ordinal)));
        Assert.StartsWith("56", result.Matches[0].Structure.Naf);
    }

    [Fact]
    public void MatchesNothingAbroad()
    {
        var notice = _parser.Parse("cn.xml", File.ReadAllBytes(SharedData.EformsExample("cn_24_maximal"))).Notices[0];

        var result = _matcher.Match(notice.NoticeId, notice.Lots[0]);

        Assert.Equal(PlaceScope.Abroad, result.Place);
        Assert.Empty(result.Matches);
    }

    [Fact]
    public void RecommendsReservingALotWithManyCleaningSiaeNearby()
    {
        var lot = CleaningLotInSeineSaintDenis();

        var result = _matcher.Match("147024-2018", lot, top: 3);

        Assert.Equal(InclusivePotential.ReserveSiae, result.Potential.Recommendation);
        Assert.True(result.Potential.InsertionNearby >= InclusivePotential.SiaeForReservation);
        Assert.Equal(3, result.Matches.Count);
    }

    [Fact]
    public void ScoresWeighTheirComponentsAndExplainEach()
    {
        var result = _matcher.Match("a", CleaningLotInSeineSaintDenis(), top: int.MaxValue);

        Assert.All(result.Matches, m =>
        {
            var c = m.Components;
            var expected = LotMatcher.ActivityWeight * c.Activity + LotMatcher.ProximityWeight * c.Proximity + LotMatcher.EligibilityWeight * c.Eligibility
                + LotMatcher.LikelihoodWeight * c.Likelihood + LotMatcher.SizeWeight * c.Size;
            Assert.Equal(Math.Round(expected, 3), m.Score);
            Assert.All([c.Activity, c.Proximity, c.Eligibility, c.Likelihood, c.Size], v => Assert.InRange(v, 0, 1));
            Assert.True(m.Reasons.Count >= 4);
        });
        // Labour supply (a generic NAF) ranks below the trade itself, everything else equal.
        var trade = result.Matches.First(m => !m.Structure.Activities.Any(a => a.StartsWith('~')));
        var labour = result.Matches.First(m => m.Structure.Activities.All(a => a.StartsWith('~')));
        Assert.True(trade.Components.Activity > labour.Components.Activity);
    }

    [Fact]
    public void IndexFindsTheSameMatchesAsABruteForceScan()
    {
        foreach (var file in SharedData.Files(Path.Combine("ted-rdf-mapping", "test_data", "sampling_2021")).Take(40))
        {
            foreach (var lot in _parser.Parse(file, File.ReadAllBytes(file)).Notices[0].Lots)
            {
                var indexed = _matcher.Match("n", lot, top: int.MaxValue);
                var brute = _matcher.Match("n", lot, top: int.MaxValue, bruteForce: true);
                Assert.Equal(brute.Matches.Select(m => (m.Structure.Siret, m.Score)), indexed.Matches.Select(m => (m.Structure.Siret, m.Score)));
            }
        }

        // Real lots of every trade, placed in each department in turn, and across two neighbours:
        // the index holds each structure under the departments its radius reaches, and misses none.
        var lots = SharedData.Files(Path.Combine("ted-rdf-mapping", "test_data", "sampling_2021"))
            .SelectMany(f => _parser.Parse(f, File.ReadAllBytes(f)).Notices[0].Lots)
            .Where(l => l.MainCpv is not null).DistinctBy(l => l.MainCpv![..3]).Take(12).ToList();
        var departments = FrenchGeography.Instance.Departments;
        var compared = 0;
        for (var i = 0; i < departments.Count; i++)
        {
            foreach (var lot in lots)
            {
                var next = departments[(i + 1) % departments.Count];
                var placed = lot with { Nuts = [departments[i].Nuts3], Departments = i % 2 == 0 ? [departments[i].Code] : [departments[i].Code, next.Code] };
                var indexed = _matcher.Match("n", placed, top: int.MaxValue);
                var brute = _matcher.Match("n", placed, top: int.MaxValue, bruteForce: true);
                Assert.Equal(brute.Matches.Select(m => (m.Structure.Siret, m.Score)), indexed.Matches.Select(m => (m.Structure.Siret, m.Score)));
                compared += brute.Matches.Count;
            }
        }
        Assert.True(compared > 10_000, $"only {compared} matches compared");
    }

    private static Structure Esat(string siret, string department, double lat, double lon, string naf) =>
        new(siret, "ESAT test", StructureKind.ESAT, naf, null, null, null, department, lat, lon, null,
            ActivityMap.Default.For(naf).Cpv, ServiceArea.Radius(50));
}

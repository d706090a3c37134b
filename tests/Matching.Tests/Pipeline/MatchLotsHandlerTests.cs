using Azure.Data.Tables;
using ClausesSociales.CodeLists;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Pipeline;

[Collection(AzuriteCollection.Name)]
public sealed class MatchLotsHandlerTests(AzuriteFixture azurite)
{
    private static StructureImport SharedSiae()
    {
        using var reader = new StreamReader(SharedData.Path("structures", "siae-2021.csv"));
        return new StructureCsvImporter().Read(reader);
    }

    [Fact]
    public async Task ImportingTheSiaeDirectoryTwiceLeavesTheSameTable()
    {
        var store = new StructureStore(azurite.Storage());
        var import = SharedSiae();

        await store.SaveAsync(import.Structures, CancellationToken.None);
        var first = await store.LoadAsync(CancellationToken.None);
        await store.SaveAsync(import.Structures, CancellationToken.None);
        var second = await store.LoadAsync(CancellationToken.None);

        // Other tests of the collection may add their own structures: the directory's are all there, once.
        Assert.Subset(first.Select(s => s.Siret).ToHashSet(), import.Structures.Select(s => s.Siret).ToHashSet());
        Assert.Equal(first.Count, first.Select(s => s.Siret).Distinct().Count());
        Assert.Equal(first.Count, second.Count);
        var baluchon = second.Single(s => s.Siret == "80746931700018");
        Assert.Equal(import.Structures.Single(s => s.Siret == "80746931700018"), baluchon with { Activities = import.Structures.Single(s => s.Siret == "80746931700018").Activities });
        Assert.Equal(import.Structures.Single(s => s.Siret == "80746931700018").Activities, baluchon.Activities);
    }

    [Fact]
    public async Task WritesRankedMatchesForTheLotsOfAParsedNoticeAndRewritesThemIdempotently()
    {
        var storage = azurite.Storage();
        var store = new StructureStore(storage);
        await store.SaveAsync(SharedSiae().Structures, CancellationToken.None);
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        var sample = Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "26-104233.html");
        Assert.True((await parse.HandleAsync("html/2026/11/16/26-104233.html", BinaryData.FromBytes(File.ReadAllBytes(sample)), CancellationToken.None)).Success);
        var handler = new MatchLotsHandler(storage, store, CodeLabels.Load(SharedData.Path("eforms-sdk")), NullLogger<MatchLotsHandler>.Instance);

        var first = await handler.HandleAsync("html", "26-104233", CancellationToken.None);
        var second = await handler.HandleAsync("html", "26-104233", CancellationToken.None);

        Assert.Equal(first, second);
        var matches = storage.Table(StorageNames.Matches);
        var lot1 = new List<MatchEntity>();
        await foreach (var m in matches.QueryAsync<MatchEntity>(MatchEntity.LotFilter("html", "26-104233", "1"))) lot1.Add(m);
        var lot2 = new List<MatchEntity>();
        await foreach (var m in matches.QueryAsync<MatchEntity>(MatchEntity.LotFilter("html", "26-104233", "2"))) lot2.Add(m);
        Assert.Equal(first, lot1.Count + lot2.Count);
        Assert.Equal(MatchLotsHandler.TopPerLot, lot1.Count);
        Assert.Equal(Enumerable.Range(1, lot1.Count), lot1.OrderBy(m => m.Rank).Select(m => m.Rank));
        Assert.True(lot1.OrderBy(m => m.Rank).Select(m => m.Score).SequenceEqual(lot1.Select(m => m.Score).OrderDescending()));
        Assert.All(lot1, m => Assert.Contains("Services de nettoyage", m.Reasons));
        // Lot 2 is reserved to SIAE (L2113-13): no ESAT, EA or GEIQ.
        Assert.NotEmpty(lot2);
        Assert.All(lot2, m => Assert.Contains(m.Kind, new[] { "ACI", "AI", "EI", "ETTI", "EITI" }));
        Assert.All(lot2, m => Assert.Equal("deja-reserve", m.Potential));
    }

    [Fact]
    public async Task RemovesMatchesThatNoLongerHoldAfterTheStructuresChange()
    {
        var storage = azurite.Storage();
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        var file = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S02.E01", "form_number_F02", "147024-2018.xml");
        Assert.True((await parse.HandleAsync("ted/2018/04/18/147024-2018.xml", BinaryData.FromBytes(File.ReadAllBytes(file)), CancellationToken.None)).Success);
        var all = SharedSiae().Structures;
        var key = MatchEntity.LotFilter("ted", "147024-2018", "1");

        var store = new StructureStore(storage);
        await store.SaveAsync(all, CancellationToken.None);
        var handler = new MatchLotsHandler(storage, store, CodeLabels.Load(null), NullLogger<MatchLotsHandler>.Instance);
        await handler.HandleAsync("ted", "147024-2018", CancellationToken.None);
        var before = await Sirets(storage, key);
        Assert.NotEmpty(before);

        // Without the structures that matched, a new index matches others, and the old rows go.
        handler.UseStructures(all.Where(s => !before.Contains(s.Siret)).ToList());
        await handler.HandleAsync("ted", "147024-2018", CancellationToken.None);
        var after = await Sirets(storage, key);

        Assert.Empty(after.Intersect(before));
    }

    private static async Task<HashSet<string>> Sirets(ClausesStorage storage, string lotFilter)
    {
        var set = new HashSet<string>();
        await foreach (var m in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(lotFilter)) set.Add(m.Siret);
        return set;
    }
}

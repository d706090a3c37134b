using System.Text.RegularExpressions;
using ClausesSociales.CodeLists;
using ClausesSociales.Classification;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using ClausesSociales.Tests.Classification;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Pipeline;

/// <summary>
/// ParseNotice and ClassifyAndMatch in one process: a new notice's lots classified and matched
/// before their first write are stored as the two stages one after the other store them, with one
/// Lots write fewer, and ingesting the file again changes nothing.
/// </summary>
[Collection(ClassifierCollection.Name)]
public sealed class ClassifiedBeforeWriteTests(ClassifierFixture classifier, AzuriteFixture azurite)
{
    private static readonly CodeLabels Labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));

    [Fact]
    public async Task LotsClassifiedAndMatchedBeforeTheirFirstWriteAreStoredAsByTheTwoStages()
    {
        var counter = new RequestCounter();
        var storage = ClausesStorage.FromConnectionString(azurite.ConnectionString, counter);
        await storage.EnsureCreatedAsync();
        var models = new ModelStore(storage);
        await models.PromoteAsync(await models.SaveAsync(classifier.Model, new { test = "classified before write" }, CancellationToken.None), CancellationToken.None);
        var structures = new StructureStore(storage);
        using (var reader = new StreamReader(SharedData.Path("structures", "siae-2021.csv")))
        {
            await structures.SaveAsync(new StructureCsvImporter().Read(reader).Structures, CancellationToken.None);
        }
        var parser = new NoticeParser();
        var ingestor = new NoticeIngestor(storage, parser, new ParseNoticeHandler(storage, parser, NullLogger<ParseNoticeHandler>.Instance), TimeProvider.System);
        var handler = new ClassifyAndMatchHandler(storage,
            new ClassifyLotsHandler(storage, models, Labels, NullLogger<ClassifyLotsHandler>.Instance),
            new MatchLotsHandler(storage, structures, Labels, NullLogger<MatchLotsHandler>.Instance), TimeProvider.System, NullLogger<ClassifyAndMatchHandler>.Instance);
        await handler.LoadStructuresAsync(CancellationToken.None);

        // The same real notice (four lots in France) under two ids of its own, made at run time.
        var real = File.ReadAllText(SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "eforms_subtype_17", "062618-2021.xml"));
        var folder = Directory.CreateTempSubdirectory("clauses-before-write-").FullName;
        try
        {
            var apart = Copy(folder, real, "962618-2021");
            var together = Copy(folder, real, "962619-2021");

            // The two stages one after the other: ParseNotice writes the lots, ClassifyAndMatch merges their scores.
            var parsedApart = await ingestor.IngestFileAsync(apart, CancellationToken.None);
            var noticeApart = new ParsedNotice("ted", "962618-2021");
            await handler.HandleAsync(noticeApart, parsedApart.FreshLots[("ted", "962618-2021")], CancellationToken.None);

            // In one process: the lots classified and matched before their only write, then the matches.
            var before = counter.Requests;
            var prepared = new Dictionary<ParsedNotice, PreparedNotice>();
            var parsedTogether = await ingestor.IngestFileAsync(together, CancellationToken.None,
                async (notice, lots, ct) => prepared[notice] = await handler.PrepareAsync(notice, lots, ct));
            var noticeTogether = new ParsedNotice("ted", "962619-2021");
            var outcome = await handler.WriteMatchesAsync(noticeTogether, parsedTogether.FreshLots[("ted", "962619-2021")], prepared[noticeTogether], CancellationToken.None);
            // Raw blob, Tender row, one Lots transaction, one Matches transaction.
            Assert.Equal(4, counter.Requests - before);
            Assert.Equal(4, outcome.Classified);
            Assert.True(outcome.Matches > 0);

            var lotsApart = await storage.LotsOfAsync("ted", "962618-2021", CancellationToken.None);
            var lotsTogether = await storage.LotsOfAsync("ted", "962619-2021", CancellationToken.None);
            Assert.Equal(4, lotsApart.Count);
            Assert.Equal(Scored(lotsApart), Scored(lotsTogether));
            Assert.All(lotsTogether, l => Assert.Equal(classifier.Model.Info.Version, l.ModelVersion));
            Assert.Equal(await MatchesAsync(storage, "962618-2021"), await MatchesAsync(storage, "962619-2021"));

            // The same file again: not new, so read back, classified and matched again, to the same rows.
            var storedMatches = await MatchesAsync(storage, "962619-2021");
            var again = await ingestor.IngestFileAsync(together, CancellationToken.None,
                (_, _, _) => throw new InvalidOperationException("a notice seen before is not prepared before its write"));
            Assert.Empty(again.FreshLots);
            await handler.HandleAsync(noticeTogether, CancellationToken.None);
            Assert.Equal(Scored(lotsTogether), Scored(await storage.LotsOfAsync("ted", "962619-2021", CancellationToken.None)));
            Assert.Equal(storedMatches, await MatchesAsync(storage, "962619-2021"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task LotsAreStoredAsParsedWhenTheirClassificationBeforeTheWriteFails()
    {
        var storage = azurite.Storage();
        var parser = new NoticeParser();
        var ingestor = new NoticeIngestor(storage, parser, new ParseNoticeHandler(storage, parser, NullLogger<ParseNoticeHandler>.Instance), TimeProvider.System);
        await storage.EnsureCreatedAsync();
        var folder = Directory.CreateTempSubdirectory("clauses-before-write-").FullName;
        try
        {
            var file = Copy(folder, File.ReadAllText(SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "eforms_subtype_17", "062618-2021.xml")), "962620-2021");
            var outcome = await ingestor.IngestFileAsync(file, CancellationToken.None, (_, _, _) => throw new InvalidOperationException("no model"));

            Assert.True(outcome.Success);
            Assert.Equal(4, outcome.FreshLots[("ted", "962620-2021")].Count);
            var stored = await storage.LotsOfAsync("ted", "962620-2021", CancellationToken.None);
            Assert.Equal(4, stored.Count);
            Assert.All(stored, l => Assert.Null(l.SocialProbability));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Copy(string folder, string xml, string id)
    {
        var file = Path.Combine(folder, id + ".xml");
        File.WriteAllText(file, Regex.Replace(xml, "DOC_ID=\"[^\"]*\"", $"DOC_ID=\"{id}\""));
        return file;
    }

    private static List<(string LotId, double? Social, double? Reserved, double? Green, string? Reasons, string? Sirets)> Scored(IEnumerable<LotEntity> lots) =>
        lots.OrderBy(l => l.LotId, StringComparer.Ordinal).Select(l => (l.LotId, l.SocialProbability, l.ReservedProbability, l.GreenProbability, l.Reasons, l.MatchedSirets)).ToList();

    private static async Task<List<(string LotId, string Siret, int Rank, double Score, string Reasons)>> MatchesAsync(ClausesStorage storage, string noticeId)
    {
        var rows = new List<(string, string, int, double, string)>();
        var partition = MatchEntity.Partition("ted", noticeId);
        await foreach (var m in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(e => e.PartitionKey == partition)) rows.Add((m.LotId, m.Siret, m.Rank, m.Score, m.Reasons));
        return rows.OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item3).ToList();
    }
}

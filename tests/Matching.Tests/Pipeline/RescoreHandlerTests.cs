using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using ClausesSociales.Tests.Classification;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Pipeline;

[Collection(ClassifierCollection.Name)]
public sealed class RescoreHandlerTests(ClassifierFixture classifier)
{
    [Fact]
    public async Task ScoresEveryOpenLotWithThePromotedModelOnceAndASecondRunHasNothingLeft()
    {
        // A storage of its own: rescoring reads the whole Lots table.
        await using var azurite = await Azurite.StartInMemoryAsync();
        var storage = ClausesStorage.FromConnectionString(azurite.ConnectionString);
        var labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        var ingestor = new NoticeIngestor(storage, new NoticeParser(), parse, TimeProvider.System, concurrency: 4);
        var feed = Directory.GetFiles(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed"));
        var ingested = await ingestor.IngestAsync(feed, null, CancellationToken.None);
        var structures = new StructureStore(storage);
        using (var reader = new StreamReader(Path.Combine(SharedData.RepositoryRoot(), "samples", "structures.csv")))
        {
            await structures.SaveAsync(new StructureCsvImporter().Read(reader).Structures, CancellationToken.None);
        }
        var models = new ModelStore(storage);
        await models.PromoteAsync(await models.SaveAsync(classifier.Model, new { test = "rescore" }, CancellationToken.None), CancellationToken.None);
        var classify = new ClassifyLotsHandler(storage, models, labels, NullLogger<ClassifyLotsHandler>.Instance);
        var classifyAndMatch = new ClassifyAndMatchHandler(storage, classify, new MatchLotsHandler(storage, structures, labels, NullLogger<MatchLotsHandler>.Instance),
            TimeProvider.System, NullLogger<ClassifyAndMatchHandler>.Instance);
        var rescore = new RescoreHandler(storage, classify, classifyAndMatch, new ClausesSociales.Web.BoardIndexer(storage), TimeProvider.System, NullLogger<RescoreHandler>.Instance, concurrency: 2);
        var reports = new List<RescoreProgress>();

        var first = await rescore.HandleAsync(new SynchronousProgress(reports), CancellationToken.None);
        var second = await rescore.HandleAsync(null, CancellationToken.None);

        var lots = new List<LotEntity>();
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>()) lots.Add(lot);
        var open = lots.Where(l => l.IsCurrent() && (l.Deadline is not { } d || d >= DateTimeOffset.UtcNow)).ToList();
        Assert.Equal(ingested.Lots, lots.Count);
        Assert.NotEmpty(open);
        Assert.Equal(open.Count, first.Lots);
        Assert.All(open, l => Assert.Equal(classifier.Model.Info.Version, l.ModelVersion));
        Assert.True(first.Matches > 0);
        Assert.Equal(open.Count, reports.Max(r => r.Done));
        Assert.All(reports, r => Assert.Equal(open.Count, r.Total));
        Assert.Equal(0, second.Lots);
        // The board shows the promoted model's probabilities, as the lot pages do.
        var (board, _) = await new ClausesSociales.Web.LotsBoardPage(storage, labels, TimeProvider.System)
            .ReadAsync(ClausesSociales.Web.BoardFilter.Parse(new Dictionary<string, string?>()), CancellationToken.None);
        Assert.NotEmpty(board);
        Assert.All(board, b => Assert.Equal(open.Single(l => l.Source == b.Source && l.NoticeId == b.NoticeId && l.LotId == b.LotId).ReservedProbability, b.ReservedProbability));
    }

    private sealed class SynchronousProgress(List<RescoreProgress> reports) : IProgress<RescoreProgress>
    {
        public void Report(RescoreProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}

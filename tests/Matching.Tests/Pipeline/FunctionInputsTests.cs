using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Collection;
using ClausesSociales.Digests;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using ClausesSociales.Tests.Classification;
using ClausesSociales.Tests.Collection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Pipeline;

/// <summary>
/// Each handler a function of functions/ calls, driven with what its trigger gives: a blob's name
/// inside its container and its content, a queue message's text, a timer's schedule time.
/// </summary>
[Collection(ClassifierCollection.Name)]
public sealed class FunctionInputsTests(ClassifierFixture classifier, AzuriteFixture azurite)
{
    private static readonly CodeLabels Labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));

    [Fact]
    public async Task ABlobInRawNoticesIsParsedAndItsQueueMessagesAreClassifiedAndMatched()
    {
        var storage = azurite.Storage();
        var models = new ModelStore(storage);
        await models.PromoteAsync(await models.SaveAsync(classifier.Model, new { test = "function inputs" }, CancellationToken.None), CancellationToken.None);
        var structures = new StructureStore(storage);
        using (var reader = new StreamReader(Path.Combine(SharedData.RepositoryRoot(), "samples", "structures.csv")))
        {
            await structures.SaveAsync(new StructureCsvImporter().Read(reader).Structures, CancellationToken.None);
        }

        // ParseNotice: [BlobTrigger("raw-notices/{name}")] gives the name inside the container and the content.
        await storage.EnsureCreatedAsync();
        var name = "ted/2026/11/13/eforms-cn-2026-0001.xml";
        await storage.RawNotices.GetBlobClient(name).UploadAsync(new BinaryData(File.ReadAllBytes(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "eforms-cn-2026-0001.xml"))), overwrite: true);
        var content = (await storage.RawNotices.GetBlobClient(name).DownloadContentAsync()).Value.Content;
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        var parsed = await parse.HandleAsync(name, content, CancellationToken.None);
        Assert.True(parsed.Success);
        var message = Assert.Single(ParsedNotice.MessagesFor(parsed));
        using (var json = JsonDocument.Parse(message))
        {
            Assert.Equal("ted", json.RootElement.GetProperty("source").GetString());
            Assert.Equal(parsed.Notices[0].NoticeId, json.RootElement.GetProperty("noticeId").GetString());
        }

        // ClassifyAndMatch: [QueueTrigger("parsed-notices")] gives the message text.
        var handler = new ClassifyAndMatchHandler(storage,
            new ClassifyLotsHandler(storage, models, Labels, NullLogger<ClassifyLotsHandler>.Instance),
            new MatchLotsHandler(storage, structures, Labels, NullLogger<MatchLotsHandler>.Instance), TimeProvider.System, NullLogger<ClassifyAndMatchHandler>.Instance);
        var first = await handler.HandleAsync(message, CancellationToken.None);
        var lots = new List<LotEntity>();
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == TableKeys.Notice("ted", parsed.Notices[0].NoticeId))) lots.Add(lot);
        Assert.Equal(parsed.Lots, first.Classified);
        Assert.Equal(parsed.Lots, lots.Count);
        Assert.All(lots, l => Assert.NotNull(l.ReservedProbability));
        Assert.All(lots, l => Assert.Equal(classifier.Model.Info.Version, l.ModelVersion));
        Assert.True(first.Matches > 0);

        // A message delivered twice changes nothing.
        var second = await handler.HandleAsync(message, CancellationToken.None);
        Assert.Equal(first, second);
        var again = new List<LotEntity>();
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == TableKeys.Notice("ted", parsed.Notices[0].NoticeId))) again.Add(lot);
        Assert.Equal(lots.Select(l => (l.RowKey, l.SocialProbability, l.ReservedProbability, l.GreenProbability)), again.Select(l => (l.RowKey, l.SocialProbability, l.ReservedProbability, l.GreenProbability)));

        // A message that is not ours fails clearly (the Functions host then moves it to the poison queue).
        Assert.Contains("not JSON", Assert.Throws<FormatException>(() => ParsedNotice.FromMessage("ted/00712345-2026")).Message);
        Assert.Contains("noticeId", Assert.Throws<FormatException>(() => ParsedNotice.FromMessage("{\"source\":\"ted\"}")).Message);
    }

    [Fact]
    public async Task TheDailyCollectionStoresNoticesForTheBlobTriggerAndGoesOnWhenOneSourceIsDown()
    {
        using var ted = new FakeTedApi { MissingXml = false };
        using var boampDown = new TestHttpServer(context =>
        {
            context.Response.StatusCode = 503;
            return Task.CompletedTask;
        });
        var storage = azurite.Storage();
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        using var http = new HttpClient();
        var handler = new CollectNoticesHandler(storage,
            new BoampCollector(http, storage, parse, new BoampCollectorOptions { BaseUrl = boampDown.BaseUrl, MaxAttempts = 2, FirstRetryDelay = TimeSpan.FromMilliseconds(10) }, NullLogger<BoampCollector>.Instance),
            new TedCollector(http, storage, parse, ted.Options(pageSize: 100), NullLogger<TedCollector>.Instance), NullLogger<CollectNoticesHandler>.Instance);

        // [TimerTrigger] at 05:00 UTC on 2026-11-04: the first run looks three days back.
        var run = await handler.HandleAsync(CollectNoticesHandler.Sources, new DateOnly(2026, 11, 4), since: null, parseNow: false, CancellationToken.None);

        var failure = Assert.Single(run.Failures);
        Assert.StartsWith("boamp:", failure);
        Assert.Equal(2, boampDown.Requests.Count);
        var error = (await storage.Errors.GetEntityAsync<ErrorEntity>(CollectNoticesHandler.Stage, "boamp-2026-11-04")).Value;
        Assert.Contains("503", error.Reason);
        var collected = Assert.Single(run.Sources);
        Assert.Equal(new DateOnly(2026, 11, 1), collected.Since);
        Assert.Equal(5, collected.Stored);
        // Stored for the ParseNotice blob trigger, not parsed here.
        Assert.Equal(0, collected.Parsed);
        Assert.Empty(run.Notices);
        foreach (var stored in collected.New)
        {
            Assert.StartsWith("ted/2026/11/0", stored.BlobName);
            Assert.True((await storage.RawNotices.GetBlobClient(stored.BlobName).ExistsAsync()).Value);
        }
        Assert.Throws<ArgumentException>(() => handler.HandleAsync(["decp"], new DateOnly(2026, 11, 4), null, false, CancellationToken.None).GetAwaiter().GetResult());
    }

    [Theory]
    // The Monday timer at 06:00 UTC, in winter and in summer, and just after midnight in Paris on a Monday.
    [InlineData("2026-11-23T06:00:00Z", "2026-W48")]
    [InlineData("2026-06-22T06:00:00Z", "2026-W26")]
    [InlineData("2026-11-22T23:30:00Z", "2026-W48")]
    [InlineData("2026-11-22T22:30:00Z", "2026-W47")]
    public void TheWeeklyDigestTimerDigestsTheWeekOfItsDayInParis(string scheduled, string week) =>
        Assert.Equal(week, IsoWeeks.InParis(DateTimeOffset.Parse(scheduled, System.Globalization.CultureInfo.InvariantCulture)));
}

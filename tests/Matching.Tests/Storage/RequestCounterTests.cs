using Azure.Data.Tables;
using ClausesSociales.Storage;

namespace ClausesSociales.Tests.Storage;

/// <summary>The benchmark's profile tells the requests the pipeline sends apart, as Azurite receives them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RequestCounterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TellsPointReadsQueriesTransactionsAndBlobWritesApart()
    {
        var counter = new RequestCounter(profile: true);
        var storage = ClausesStorage.FromConnectionString(azurite.ConnectionString, counter);
        await storage.EnsureCreatedAsync();
        var before = counter.Samples.Count;
        var partition = TableKeys.Notice("ted", "request-kinds");

        await storage.Lots.GetEntityIfExistsAsync<LotEntity>(partition, LotEntity.Row("ted", "request-kinds", "1"));
        await storage.LotsOfAsync("ted", "request-kinds", CancellationToken.None);
        await storage.Lots.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(partition, LotEntity.Row("ted", "request-kinds", "1"))),
            new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(partition, LotEntity.Row("ted", "request-kinds", "2"))),
        ]);
        await storage.Lots.UpsertEntityAsync(new TableEntity(partition, LotEntity.Row("ted", "request-kinds", "3")), TableUpdateMode.Replace);
        await storage.Tenders.AddEntityAsync(new TableEntity("ted", "request-kinds"));
        await storage.RawNotices.GetBlobClient("ted/request-kinds.xml").UploadAsync(BinaryData.FromString("<x/>"), overwrite: true);

        var samples = counter.Samples.Skip(before).ToList();
        Assert.Equal(
            ["Lots get", "Lots query", "Lots batch upsert-merge", "Lots upsert-replace", "Tenders insert", "blob raw-notices put"],
            samples.Select(s => s.Kind));
        Assert.Equal([404, 200, 202, 204, 204, 201], samples.Select(s => s.Status));
        Assert.All(samples, s => Assert.True(s.Latency > TimeSpan.Zero));
        Assert.Equal(counter.Requests, counter.Samples.Count);
    }
}

using Azure.Data.Tables;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Pipeline;

[Collection(AzuriteCollection.Name)]
public sealed class ParseNoticeHandlerTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("clauses-ingest-").FullName;

    private (ClausesStorage Storage, ParseNoticeHandler Handler, NoticeIngestor Ingestor) Pipeline()
    {
        var storage = azurite.Storage();
        var parser = new NoticeParser();
        var handler = new ParseNoticeHandler(storage, parser, NullLogger<ParseNoticeHandler>.Instance);
        return (storage, handler, new NoticeIngestor(storage, parser, handler, TimeProvider.System));
    }

    /// <summary>Broken variants of real files, made at run time.</summary>
    private (string Truncated, string Binary) BrokenFiles()
    {
        var real = File.ReadAllBytes(SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "form_number_F02", "016699-2021.xml"));
        var truncated = Path.Combine(_work, "016699-2021-truncated.xml");
        File.WriteAllBytes(truncated, real[..(real.Length * 2 / 3)]);
        var binary = Path.Combine(_work, "decp-2019.xml");
        File.Copy(SharedData.Files("decp-json", "*.zip").First(), binary);
        return (truncated, binary);
    }

    private static async Task<int> CountAsync(TableClient table, string? filter = null)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"])) n++;
        return n;
    }

    private static async Task<int> CountBlobsAsync(Azure.Storage.Blobs.BlobContainerClient container)
    {
        var n = 0;
        await foreach (var _ in container.GetBlobsAsync()) n++;
        return n;
    }

    private async Task<(int Tenders, int Lots, int Errors, int Raw, int Quarantined)> CountsAsync(ClausesStorage storage) => (
        await CountAsync(storage.Tenders), await CountAsync(storage.Lots), await CountAsync(storage.Errors),
        await CountBlobsAsync(storage.RawNotices), await CountBlobsAsync(storage.Quarantine));

    [Fact]
    public async Task IngestingAFolderTwiceChangesNoRowAndQuarantinesBrokenFilesWithoutStoppingTheBatch()
    {
        var (storage, _, ingestor) = Pipeline();
        var (truncated, binary) = BrokenFiles();
        // The broken files come first: the batch must go on after them.
        var files = new[] { truncated, binary }
            .Concat(SharedData.Files(Path.Combine("ted-rdf-mapping", "test_data", "sampling_2021")))
            .Append(SharedData.Path("boamp-api-jpbenga", "boamp-where-date.json"))
            .Append(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "26-104233.html"))
            .ToList();
        var before = await CountsAsync(storage);

        var first = await ingestor.IngestAsync(files, null, CancellationToken.None);
        var afterFirst = await CountsAsync(storage);
        var second = await ingestor.IngestAsync(files, null, CancellationToken.None);
        var afterSecond = await CountsAsync(storage);

        Assert.Equal(files.Count, first.Files);
        Assert.Equal(files.Count - 2, first.ParsedFiles);
        Assert.Equal(first.Lots, second.Lots);
        Assert.True(first.Lots > 60, $"only {first.Lots} lots");
        Assert.Equal(afterFirst, afterSecond);
        // Other tests share this storage: check the rows of these notices rather than table totals.
        var notices = first.Outcomes.SelectMany(o => o.Notices).Distinct().ToList();
        Assert.Equal(first.Notices, notices.Count);
        var lotRows = 0;
        foreach (var (source, noticeId) in notices)
        {
            Assert.True((await storage.Tenders.GetEntityIfExistsAsync<TenderEntity>(TableKeys.Safe(source), TableKeys.Safe(noticeId))).HasValue, noticeId);
            lotRows += await CountAsync(storage.Lots, $"PartitionKey eq '{TableKeys.Notice(source, noticeId)}'");
        }
        Assert.Equal(first.Lots, lotRows);
        Assert.Equal(2, afterFirst.Quarantined - before.Quarantined);
        Assert.Equal(2, afterFirst.Errors - before.Errors);

        var rejected = first.Rejected.ToDictionary(r => r.File);
        Assert.StartsWith("malformed XML", rejected[truncated].Reason);
        Assert.Matches("^line [0-9]+, column [0-9]+$", rejected[truncated].Position);
        Assert.StartsWith("binary content", rejected[binary].Reason);

        foreach (var r in first.Rejected)
        {
            var error = (await storage.Errors.GetEntityAsync<ErrorEntity>(ParseNoticeHandler.Stage, TableKeys.Safe(r.BlobName))).Value;
            Assert.Equal(r.BlobName, error.BlobName);
            Assert.Equal(r.Reason, error.Reason);
            Assert.Contains(Path.GetFileNameWithoutExtension(r.File), error.BlobName);
            var kept = await storage.Quarantine.GetBlobClient(r.BlobName).DownloadContentAsync();
            Assert.Equal(File.ReadAllBytes(r.File), kept.Value.Content.ToArray());
        }
        var truncatedError = (await storage.Errors.GetEntityAsync<ErrorEntity>(ParseNoticeHandler.Stage, TableKeys.Safe(rejected[truncated].BlobName))).Value;
        Assert.NotNull(truncatedError.Line);
        Assert.NotNull(truncatedError.Column);
    }

    [Fact]
    public async Task WritesTheParsedLotsOfABlobAsLotRows()
    {
        var (storage, handler, _) = Pipeline();
        var file = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S03.E01", "eforms_subtype_20", "091489-2019.xml");
        var content = BinaryData.FromBytes(File.ReadAllBytes(file));
        const string blobName = "ted/2019/02/26/091489-2019.xml";

        var outcome = await handler.HandleAsync(blobName, content, CancellationToken.None);

        Assert.True(outcome.Success);
        var tender = (await storage.Tenders.GetEntityAsync<TenderEntity>("ted", "091489-2019")).Value;
        Assert.Equal("EPS Paul Guiraud", tender.BuyerName);
        Assert.Equal(blobName, tender.BlobName);
        Assert.Equal(1, tender.LotCount);
        var row = (await storage.Lots.GetEntityAsync<LotEntity>(TableKeys.Notice("ted", "091489-2019"), LotEntity.Row("ted", "091489-2019", "1"))).Value;
        var expected = new NoticeParser().Parse(file, content.ToMemory()).Notices[0].Lots[0];
        var stored = row.ToLot();
        Assert.Equal(expected.MainCpv, stored.MainCpv);
        Assert.Equal(expected.Title, stored.Title);
        Assert.Equal(expected.Departments, stored.Departments);
        Assert.Equal(expected.Deadline, stored.Deadline);
        Assert.Equal(expected.Markers.Reserved, stored.Markers.Reserved);
        Assert.Equal(["res-ws", "res-exec", "res-pub-ser"], stored.Markers.Reserved);
    }

    [Fact]
    public async Task RecordsTheDefectsOfAChangeNoticeAgainstTheStoredNoticeItChanges()
    {
        var (storage, handler, _) = Pipeline();
        foreach (var name in new[] { "cn_24_FRA_comments", "INVALID_change-cn_24_FRA_comments" })
        {
            var content = BinaryData.FromBytes(File.ReadAllBytes(SharedData.EformsExample(name)));
            Assert.True((await handler.HandleAsync($"ted/2024/01/01/{name}.xml", content, CancellationToken.None)).Success);
        }

        var change = (await storage.Tenders.GetEntityAsync<TenderEntity>("ted", "e887ac08-8b2a-47ee-8ba2-b3564418d241")).Value;

        Assert.Contains("BT-04", change.Defects);
        Assert.Contains("BT-11", change.Defects);
    }

    [Fact]
    public async Task AFileThatParsesAfterAFixLeavesTheErrorsTable()
    {
        var (storage, handler, _) = Pipeline();
        var real = File.ReadAllBytes(SharedData.EformsExample("cn_24_open"));
        const string blobName = "ted/2024/01/02/cn_24_open.xml";

        var failed = await handler.HandleAsync(blobName, BinaryData.FromBytes(real[..4000]), CancellationToken.None);
        Assert.False(failed.Success);
        Assert.True((await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>(ParseNoticeHandler.Stage, TableKeys.Safe(blobName))).HasValue);

        var parsed = await handler.HandleAsync(blobName, BinaryData.FromBytes(real), CancellationToken.None);

        Assert.True(parsed.Success);
        Assert.False((await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>(ParseNoticeHandler.Stage, TableKeys.Safe(blobName))).HasValue);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}

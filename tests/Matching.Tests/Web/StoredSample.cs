using Azure.Data.Tables;
using ClausesSociales.CodeLists;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// The sample eForms notice of the feed (two lots in Lyon: meals reserved to ESAT/EA, laundry with
/// an environmental clause) stored under a notice id of the test's own, with its changes made at
/// run time, then matched against the sample structures and put on the board.
/// </summary>
internal static class StoredSample
{
    public const string SampleId = "00712345-2026";
    public static readonly CodeLabels Labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));

    public static string Xml(string noticeId, Func<string, string>? change = null)
    {
        // A procedure of its own too, so that stored notices do not supersede one another.
        var xml = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "eforms-cn-2026-0001.xml")).Replace(SampleId, noticeId)
            .Replace("7e0d9c52-8a41-4f6b-b3a2-6c1d2e9f4b77", $"procedure-{noticeId}");
        return change is null ? xml : change(xml);
    }

    public static async Task<ClausesStorage> StoreAsync(AzuriteFixture azurite, string noticeId, Func<string, string>? change = null, string? url = null)
    {
        var storage = azurite.Storage();
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        var outcome = await parse.HandleAsync($"ted/2026/11/13/{noticeId}.xml", BinaryData.FromString(Xml(noticeId, change)), CancellationToken.None);
        Assert.True(outcome.Success);
        if (url is not null)
        {
            // The publisher's address, replaced at run time by what a hostile platform could send.
            var partition = TableKeys.Notice("ted", noticeId);
            await foreach (var lot in storage.Lots.QueryAsync<TableEntity>(e => e.PartitionKey == partition))
            {
                await storage.Lots.UpsertEntityAsync(new TableEntity(lot.PartitionKey, lot.RowKey) { [nameof(LotEntity.Url)] = url }, TableUpdateMode.Merge);
            }
        }
        var structures = new StructureStore(storage);
        using (var reader = new StreamReader(Path.Combine(SharedData.RepositoryRoot(), "samples", "structures.csv")))
        {
            await structures.SaveAsync(new StructureCsvImporter().Read(reader).Structures, CancellationToken.None);
        }
        await new MatchLotsHandler(storage, structures, Labels, NullLogger<MatchLotsHandler>.Instance).HandleAsync("ted", noticeId, CancellationToken.None);
        await new ClausesSociales.Web.BoardIndexer(storage).IndexNoticeAsync("ted", noticeId, CancellationToken.None);
        return storage;
    }

    /// <summary>
    /// Stops and disposes a `clauses host` started for page tests. The WebJobs SDK's blob listener
    /// may throw "The timer has already been stopped" when it stops while other hosts of the test
    /// run share the emulator; these tests are about pages, not about stopping triggers
    /// (HostCommandTests covers those).
    /// </summary>
    public static async Task StopAsync(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        try
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        catch (InvalidOperationException e) when (e.Message.Contains("timer has already been stopped", StringComparison.Ordinal))
        {
        }
    }

    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

using System.Diagnostics;
using Azure.Data.Tables;
using ClausesSociales.Cli;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClausesSociales.Tests.Pipeline;

/// <summary>
/// The hostile-input suite through `clauses ingest`: every file, hostile or good, ends stored
/// (Tender and Lot rows, raw blob) or quarantined (Errors row with its reason, quarantine blob),
/// counted by reading storage back; a second ingest changes nothing.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileInputTests(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("clauses-hostile-").FullName;

    [Fact]
    public async Task EveryFileEndsStoredOrQuarantinedWithItsReasonAndASecondIngestChangesNothing()
    {
        var inputs = HostileInputs.Write(_work, "hostile-ingest");
        var files = inputs.Select(i => i.Path).ToList();
        await using var services = Services.Build(new Settings(new Dictionary<string, string?>(), azurite.ConnectionString), azurite.ConnectionString);
        var ingestor = services.GetRequiredService<NoticeIngestor>();
        var storage = services.GetRequiredService<ClausesStorage>();

        var first = await IngestCommand.IngestAsync(ingestor, files, CancellationToken.None);
        var firstRows = await StoredRowsAsync(storage, inputs, first);
        var timing = new FileTiming();
        var second = await ingestor.IngestAsync(files, timing, CancellationToken.None);
        var secondRows = await StoredRowsAsync(storage, inputs, second);

        Assert.Equal(inputs.Count, first.Files);
        Assert.Equal(firstRows, secondRows);
        Assert.Equal(first.Outcomes.Select(o => o.BlobName), second.Outcomes.Select(o => o.BlobName));
        // No two inputs share a blob, hence an Errors row: same-named files in two folders, ids differing by '#' and '?'.
        Assert.Equal(inputs.Count, first.Outcomes.Select(o => o.BlobName).Distinct().Count());
        for (var i = 0; i < inputs.Count; i++)
        {
            var outcome = first.Outcomes[i];
            Assert.True(inputs[i].Expected == HostileExpectation.Stored == outcome.Success, $"{inputs[i].What}: {outcome.Error}");
        }
        output.WriteLine("slowest files of the second ingest: " + string.Join(", ", timing.Slowest(3).Select(t => $"{Path.GetFileName(t.File)} {t.Elapsed.TotalMilliseconds:N0} ms")));

        TenderEntity Tender(string file) => Stored(first, inputs, file).Tender;
        var longUrl = Tender("boamp-long-url.json");
        Assert.Null(longUrl.Url);
        Assert.Contains("URL", longUrl.Defects);
        Assert.True(Tender("boamp-long-buyer.json").BuyerName!.Length <= 1_001);
        Assert.True(Tender("eforms-long-buyer.xml").BuyerName!.Length <= 1_001);
        Assert.Contains("donnees is an array", Tender("boamp-donnees-array.json").Defects);
        Assert.Contains("donnees is a number", Tender("boamp-donnees-number.json").Defects);
        var duplicate = Stored(first, inputs, "eforms-duplicate-lot.xml");
        Assert.Equal(2, duplicate.Lots);
        Assert.Contains("appears 2 times", duplicate.Tender.Defects);
        Assert.Equal(5_000, Stored(first, inputs, "eforms-5000-lots.xml").Lots);
        Assert.Contains("LOT/../0001#?\\", await LotIdsAsync(storage, Stored(first, inputs, "eforms-hostile-lot-id.xml").Tender));
        var ids = new[] { "hash", "question", "slash", "backslash", "dots", "tilde" }.Select(f => Tender($"boamp-id-{f}.json").NoticeId).ToList();
        Assert.Equal(["hostile-ingest-99#12", "hostile-ingest-99?12", "hostile-ingest-99/12", "hostile-ingest-99\\12", "hostile-ingest-..", "hostile-ingest-99~12"], ids);
        Assert.Equal("hostile-ingest-05", Tender("boamp-utf16.json").NoticeId);
        Assert.Equal("hostile-ingest-11", Tender("ted-utf16.xml").NoticeId);
        Assert.Equal("hostile-ingest-12", Tender("html-long-duration.html").NoticeId);

        string Reason(string file) => firstRows[inputs.ToList().FindIndex(i => i.Path.EndsWith(file, StringComparison.Ordinal))];
        Assert.Contains("nested deeper than 256", Reason("eforms-deep.xml"));
        Assert.Contains("DTD", Reason("xxe-file.xml"));
        Assert.Contains("DTD", Reason("billion-laughs.xml"));
        Assert.Contains("over the", Reason("oversized.xml"));
        Assert.Contains("binary", Reason("binary.xml"));
        Assert.Contains("empty", Reason("empty.xml"));
        Assert.Contains("malformed JSON", Reason("deep.json"));
    }

    /// <summary>What storage holds for each input, as one line per input: the rows a second run must leave as they are.</summary>
    private static async Task<List<string>> StoredRowsAsync(ClausesStorage storage, IReadOnlyList<HostileInput> inputs, IngestSummary summary)
    {
        var rows = new List<string>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var outcome = summary.Outcomes[i];
            if (outcome.Success)
            {
                Assert.True(await storage.RawNotices.GetBlobClient(outcome.BlobName).ExistsAsync(), $"{inputs[i].What}: no raw blob {outcome.BlobName}");
                var line = new List<string>();
                foreach (var (source, noticeId) in outcome.Notices)
                {
                    var tender = await storage.Tenders.GetEntityIfExistsAsync<TenderEntity>(TableKeys.Safe(source), TableKeys.Safe(noticeId));
                    Assert.True(tender.HasValue, $"{inputs[i].What}: no Tender row for {noticeId}");
                    var lots = await CountLotsAsync(storage, source, noticeId);
                    Assert.Equal(tender.Value!.LotCount, lots);
                    line.Add($"{noticeId} {tender.Value.LotCount} lots, blob {tender.Value.BlobName}, defects: {tender.Value.Defects}");
                }
                Assert.NotEmpty(line);
                rows.Add(string.Join(" | ", line));
            }
            else
            {
                var error = await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>(ParseNoticeHandler.Stage, TableKeys.Safe(outcome.BlobName));
                Assert.True(error.HasValue, $"{inputs[i].What}: no Errors row for {outcome.BlobName}");
                Assert.False(string.IsNullOrWhiteSpace(error.Value!.Reason));
                Assert.True(await storage.Quarantine.GetBlobClient(outcome.BlobName).ExistsAsync(), $"{inputs[i].What}: not in quarantine");
                rows.Add($"{error.Value.Reason} at {error.Value.Line}:{error.Value.Column}, {error.Value.Size} bytes");
            }
        }
        return rows;
    }

    private (TenderEntity Tender, int Lots) Stored(IngestSummary summary, IReadOnlyList<HostileInput> inputs, string file)
    {
        var outcome = summary.Outcomes[inputs.ToList().FindIndex(i => i.Path.EndsWith(file, StringComparison.Ordinal))];
        Assert.True(outcome.Success, $"{file}: {outcome.Error}");
        var (source, noticeId) = Assert.Single(outcome.Notices);
        var storage = azurite.Storage();
        var tender = storage.Tenders.GetEntity<TenderEntity>(TableKeys.Safe(source), TableKeys.Safe(noticeId)).Value;
        return (tender, CountLotsAsync(storage, source, noticeId).GetAwaiter().GetResult());
    }

    private static async Task<int> CountLotsAsync(ClausesStorage storage, string source, string noticeId)
    {
        var partition = TableKeys.Notice(source, noticeId);
        var n = 0;
        await foreach (var _ in storage.Lots.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"])) n++;
        return n;
    }

    private static async Task<List<string>> LotIdsAsync(ClausesStorage storage, TenderEntity tender)
    {
        var partition = TableKeys.Notice(tender.PartitionKey, tender.NoticeId);
        var ids = new List<string>();
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == partition)) ids.Add(lot.LotId);
        return ids;
    }

    /// <summary>Time between progress reports, reported by the ingestor after each file (files ingested side by side share it).</summary>
    private sealed class FileTiming : IProgress<IngestProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<(string File, TimeSpan Elapsed)> _files = [];
        private TimeSpan _last;

        public void Report(IngestProgress value)
        {
            lock (_files)
            {
                var now = _clock.Elapsed;
                _files.Add((value.File, now - _last));
                _last = now;
            }
        }

        public IEnumerable<(string File, TimeSpan Elapsed)> Slowest(int count) => _files.OrderByDescending(f => f.Elapsed).Take(count);
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}

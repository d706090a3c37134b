using System.Diagnostics;
using Azure.Data.Tables;
using ClausesSociales.CodeLists;
using ClausesSociales.Geography;
using ClausesSociales.Notices;
using ClausesSociales.Storage;
using ClausesSociales.Web;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses bench board`: stores N lots (real lots of the shared corpora spread over every French
/// department, deadlines over the next 90 days) in Lots and in the Board index of a fresh
/// in-memory Azurite, then renders filtered pages of the board one after the other and prints the
/// latency percentiles per kind of filter.
/// </summary>
internal static class BoardBench
{
    public static async Task<int> RunAsync(int lotCount, int requests, CancellationToken cancellationToken)
    {
        var parser = new NoticeParser();
        var real = new List<(Notice Notice, Lot Lot)>();
        foreach (var folder in new[] { "eforms-sdk/examples/notices", "ted-rdf-mapping", "boamp-api-jpbenga" })
        {
            foreach (var file in InputFiles.Expand([BenchCommand.SharedDataPath(folder)], TextWriter.Null))
            {
                try { real.AddRange(parser.Parse(file, File.ReadAllBytes(file)).Notices.SelectMany(n => n.Lots.Where(l => l.MainCpv is not null).Select(l => (n, l)))); }
                catch (NoticeParseException) { }
            }
        }
        if (real.Count == 0) throw new InvalidOperationException("no lot with a CPV code in the shared corpora");
        await using var azurite = await Azurite.StartInMemoryAsync(cancellationToken);
        var storage = ClausesStorage.FromConnectionString(azurite.ConnectionString);
        await storage.EnsureCreatedAsync(cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var departments = FrenchGeography.Instance.Departments;
        var random = new Random(13);

        var write = Stopwatch.StartNew();
        var board = new List<BoardEntity>();
        var lots = new List<LotEntity>();
        for (var i = 0; i < lotCount; i++)
        {
            var (notice, lot) = real[i % real.Count];
            var d = departments[i % departments.Count];
            // Lot ids unique across notices: Azurite looks an upserted row up by its row key first, so
            // 100,000 rows sharing ten row keys would make the set-up quadratic, not the board.
            var entity = LotEntity.From(notice with { NoticeId = $"bench-{i / 10:000000}" }, lot with { LotId = $"LOT-{i:000000}", Departments = [d.Code], Deadline = now.AddMinutes(random.Next(60, 90 * 24 * 60)) });
            entity.SocialProbability = random.NextDouble();
            entity.ReservedProbability = random.NextDouble() * 0.8;
            entity.GreenProbability = random.NextDouble() * 0.7;
            entity.SupersededBy = null;
            lots.Add(entity);
            if (BoardIndexer.Qualifies(entity)) board.AddRange(BoardIndexer.RowsFor(entity, []));
            if (lots.Count >= 2_000 || i == lotCount - 1)
            {
                await WriteAsync(storage.Lots, lots, cancellationToken);
                lots.Clear();
            }
        }
        foreach (var byTable in board.GroupBy(b => BoardEntity.TableOf(b.PartitionKey)))
        {
            await storage.TableService.CreateTableIfNotExistsAsync(byTable.Key, cancellationToken);
            await WriteAsync(storage.Table(byTable.Key), byTable.ToList(), cancellationToken);
        }
        await WriteAsync(storage.Table(StorageNames.Board), BoardIndexer.Buckets(board).ToList(), cancellationToken);
        write.Stop();
        var onBoard = board.Count(b => b.PartitionKey.StartsWith(BoardEntity.All + "|", StringComparison.Ordinal));
        AnsiConsole.MarkupLine($"stored {lotCount:N0} lots ({onBoard:N0} on the board, {board.Count:N0} index rows) in {write.Elapsed.TotalSeconds:F0} s");

        var page = new LotsBoardPage(storage, CodeLabels.Load(null), TimeProvider.System);
        var cpvs = board.Select(b => b.CpvDivision).OfType<string>().Distinct().Order().ToList();
        var kinds = new[] { "reserved", "social", "green" };
        Dictionary<string, string?> Filter(int k)
        {
            var d = departments[random.Next(departments.Count)];
            return (k % 6) switch
            {
                0 => new() { },
                1 => new() { ["dep"] = d.Code },
                2 => new() { ["reg"] = d.RegionCode, ["kind"] = kinds[random.Next(3)] },
                3 => new() { ["cpv"] = cpvs[random.Next(cpvs.Count)] },
                4 => new() { ["dep"] = d.Code, ["kind"] = kinds[random.Next(3)], ["before"] = now.AddDays(random.Next(7, 60)).ToString("yyyy-MM-dd") },
                _ => new() { ["reg"] = d.RegionCode, ["cpv"] = cpvs[random.Next(cpvs.Count)], ["kind"] = kinds[random.Next(3)] },
            };
        }
        string[] names = ["no filter", "department", "region + kind", "CPV division", "department + kind + deadline", "region + CPV + kind"];

        for (var k = 0; k < 30; k++) await page.HandleAsync(Filter(k), cancellationToken);
        var times = names.ToDictionary(n => n, _ => new List<double>());
        var all = new List<double>();
        for (var k = 0; k < requests; k++)
        {
            var filter = Filter(k);
            var watch = Stopwatch.StartNew();
            var answer = await page.HandleAsync(filter, cancellationToken);
            watch.Stop();
            if (answer.Status != 200) throw new InvalidOperationException($"board answered {answer.Status}");
            times[names[k % 6]].Add(watch.Elapsed.TotalMilliseconds);
            all.Add(watch.Elapsed.TotalMilliseconds);
        }
        var table = new Table().AddColumns("filter", "requests", "p50 ms", "p95 ms", "max ms");
        foreach (var (name, t) in times) table.AddRow(name, $"{t.Count}", $"{Percentile(t, 0.50):F1}", $"{Percentile(t, 0.95):F1}", $"{t.Max():F1}");
        table.AddRow("[bold]all[/]", $"{all.Count}", $"{Percentile(all, 0.50):F1}", $"[bold]{Percentile(all, 0.95):F1}[/]", $"{all.Max():F1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"p95 of a filtered board page with {lotCount:N0} stored lots: [bold]{Percentile(all, 0.95):F1} ms[/] (target: under 200 ms)");
        return 0;
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static async Task WriteAsync<T>(TableClient table, IReadOnlyList<T> entities, CancellationToken cancellationToken) where T : class, ITableEntity
    {
        var batches = entities.GroupBy(e => e.PartitionKey).SelectMany(p => p.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (chunk, ct) =>
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
    }
}

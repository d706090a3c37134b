using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Geography;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses bench pipeline [--notices N] [--json]`: N distinct notices made at run time from the
/// shared real corpora (new ids), ingested, classified and matched against a fresh in-memory
/// Azurite with the SIAE table; prints the rate of each stage, the storage round trips per
/// notice, the peak memory and the time projected for a French year (150,000 notices).
/// </summary>
internal static partial class PipelineBench
{
    public const int FrenchYear = 150_000;

    public static async Task<int> RunAsync(int notices, string? modelFolder, bool json, bool profile, bool sequential, bool board, CancellationToken cancellationToken)
    {
        void Say(string text)
        {
            if (!json) AnsiConsole.MarkupLine(text);
        }
        var folder = Directory.CreateTempSubdirectory("clauses-bench-pipeline-").FullName;
        try
        {
            Say($"[grey]writing {notices:N0} notices made from the shared corpora[/]");
            var files = WriteNotices(folder, notices);
            await using var azurite = await Azurite.StartInMemoryAsync(cancellationToken);
            var counter = new RequestCounter(profile);
            var settings = Settings.Load();
            var collection = new ServiceCollection().AddClausesSociales(Services.Configuration(settings, azurite.ConnectionString));
            collection.AddSingleton(ClausesStorage.FromConnectionString(azurite.ConnectionString, counter));
            await using var services = collection.BuildServiceProvider();
            var storage = services.GetRequiredService<ClausesStorage>();
            await storage.EnsureCreatedAsync(cancellationToken);

            Say("[grey]importing the SIAE directory and loading a model[/]");
            var siae = new StructureCsvImporter();
            using (var reader = new StreamReader(BenchCommand.SharedDataPath(Path.Combine("structures", "siae-2021.csv"))))
            {
                await services.GetRequiredService<StructureStore>().SaveAsync(siae.Read(reader).Structures, cancellationToken);
            }
            var models = services.GetRequiredService<ModelStore>();
            if (modelFolder is not null)
            {
                var version = await models.SaveAsync(ClassifierCommands.LoadModel(modelFolder), new { bench = "pipeline" }, cancellationToken);
                await models.PromoteAsync(version, cancellationToken);
            }
            else
            {
                await RunCommand.EnsureModelAsync(models, json, Say, cancellationToken);
            }
            var classifyAndMatch = services.GetRequiredService<ClassifyAndMatchHandler>();
            await classifyAndMatch.LoadStructuresAsync(cancellationToken);
            var concurrency = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClausesSocialesOptions>>().Value.Concurrency;

            var before = counter.Requests;
            var run = sequential
                ? await SequentialAsync(services, azurite, files, concurrency, cancellationToken)
                : await StreamedAsync(services, azurite, files, concurrency, board, cancellationToken);
            var requests = counter.Requests - before;
            if (profile && !json) PipelineProfile.Print(run.Stages, counter.Samples);
            var parsed = run.Notices;
            var ingestTime = run.IngestTime;
            var classifyAndMatchTime = run.ClassifyAndMatchTime;

            // The computing alone, in memory, on the lots just stored.
            var lots = new List<LotEntity>();
            await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(cancellationToken: cancellationToken)) lots.Add(lot);
            var classify = services.GetRequiredService<ClassifyLotsHandler>();
            var model = await classify.CurrentModelAsync(cancellationToken) ?? throw new InvalidOperationException("no model to classify with");
            var clock = Stopwatch.StartNew();
            foreach (var chunk in lots.Chunk(1_000)) classify.Classify(chunk, model);
            var classifyTime = clock.Elapsed;
            var match = services.GetRequiredService<MatchLotsHandler>();
            clock.Restart();
            foreach (var group in lots.GroupBy(l => (l.Source, l.NoticeId))) await match.MatchAsync(group.Key.Source, group.Key.NoticeId, group.ToList(), cancellationToken);
            var matchTime = clock.Elapsed;

            var pipelineRate = parsed.Count / run.Wall.TotalSeconds;
            var result = new PipelineBenchResult(
                parsed.Count,
                lots.Count,
                Math.Round(parsed.Count / ingestTime.TotalSeconds, 1),
                Math.Round(lots.Count / classifyTime.TotalSeconds, 0),
                Math.Round(lots.Count / matchTime.TotalSeconds, 0),
                Math.Round(pipelineRate, 1),
                Math.Round((double)requests / Math.Max(1, parsed.Count), 2),
                Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0, 0));
            if (json)
            {
                Console.Out.WriteLine(JsonSerializer.Serialize(result, LotRecord.Json));
                return 0;
            }
            var table = new Table().AddColumns("Stage", "Rate");
            var share = sequential ? "" : ", its share of the workers' time";
            table.AddRow("ingest (raw blob, parse, Tender and Lot rows)", $"{result.IngestNoticesPerSecond:N1} notices/s ({ingestTime.TotalSeconds:N1} s{share})");
            table.AddRow("classify and match (new notices from memory, results to storage)", $"{parsed.Count / classifyAndMatchTime.TotalSeconds:N1} notices/s ({classifyAndMatchTime.TotalSeconds:N1} s{share})");
            table.AddRow("classification alone, in memory", $"{result.ClassifyLotsPerSecond:N0} lots/s");
            table.AddRow("matching alone, in memory", $"{result.MatchLotsPerSecond:N0} lots/s");
            table.AddRow("end to end", $"[bold]{result.PipelineNoticesPerSecond:N1} notices/s[/] ({run.Wall.TotalSeconds:N1} s), {result.Notices:N0} notices, {result.Lots:N0} lots, concurrency {concurrency}, {(sequential ? "one stage after the other" : "streamed")}");
            table.AddRow("CPU time", $"this process {run.Stages.Sum(st => st.OurCpu.TotalSeconds):N1} s, Azurite {run.Stages.Sum(st => st.AzuriteCpu.TotalSeconds):N1} s");
            table.AddRow("storage round trips", $"{result.RoundTripsPerNotice:N2} per notice ({requests:N0} in all)");
            if (board && profile)
            {
                var boardRequests = counter.Samples.Count(r => r.StartedAt >= run.Stages[0].Start
                    && (r.Kind.StartsWith("Board", StringComparison.Ordinal) || r.Kind.StartsWith("create table", StringComparison.Ordinal)));
                table.AddRow("of which the lots board", $"{(double)boardRequests / Math.Max(1, parsed.Count):N2} per notice ({boardRequests:N0}, table creations included)");
            }
            table.AddRow("peak memory (this process)", $"{result.PeakMemoryMb:N0} MB");
            table.AddRow($"projected for {FrenchYear:N0} notices", $"{TimeSpan.FromSeconds(FrenchYear / pipelineRate):hh\\:mm\\:ss}");
            AnsiConsole.Write(table);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>What a run of the pipeline measured: the notices, the wall time, each stage's time and the profile stages.</summary>
    private sealed record PipelineRun(IReadOnlyList<ParsedNotice> Notices, TimeSpan Wall, TimeSpan IngestTime, TimeSpan ClassifyAndMatchTime, IReadOnlyList<PipelineProfile.Stage> Stages);

    /// <summary>
    /// As `clauses run` would with both stages in one process: each worker ingests a file, its new
    /// notices' lots classified and matched in memory before they are written (once, scored), then
    /// their matches written, then takes the next file; notices seen before are classified and
    /// matched from storage. A stage's time is its share of the workers' time (the sum of its
    /// calls over the workers).
    /// </summary>
    /// <param name="board">Index the lots board after matching, as `clauses run` does (its time counts with classify and match).</param>
    private static async Task<PipelineRun> StreamedAsync(ServiceProvider services, Azurite azurite, IReadOnlyList<string> files, int concurrency, bool board, CancellationToken cancellationToken)
    {
        var boardIndexer = services.GetRequiredService<ClausesSociales.Web.BoardIndexer>();
        var ingestor = services.GetRequiredService<NoticeIngestor>();
        var classifyAndMatch = services.GetRequiredService<ClassifyAndMatchHandler>();
        var notices = new List<ParsedNotice>[files.Count];
        long ingestTicks = 0, classifyTicks = 0;
        var workers = Math.Max(1, concurrency);
        var stage = await PipelineProfile.MeasureAsync("ingest, classify and match, streamed", azurite, async () =>
            await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var start = Stopwatch.GetTimestamp();
                var prepared = new Dictionary<ParsedNotice, PreparedNotice>();
                long preparing = 0;
                var outcome = await ingestor.IngestFileAsync(files[i], ct, async (notice, lots, c) =>
                {
                    var begin = Stopwatch.GetTimestamp();
                    prepared[notice] = await classifyAndMatch.PrepareAsync(notice, lots, c);
                    preparing += Stopwatch.GetTimestamp() - begin;
                });
                var stored = Stopwatch.GetTimestamp();
                notices[i] = outcome.Notices.Select(n => new ParsedNotice(n.Source, n.NoticeId)).ToList();
                foreach (var notice in notices[i])
                {
                    var done = !outcome.FreshLots.TryGetValue((notice.Source, notice.NoticeId), out var lots) ? await classifyAndMatch.HandleAsync(notice, ct)
                        : prepared.TryGetValue(notice, out var ready) ? await classifyAndMatch.WriteMatchesAsync(notice, lots, ready, ct)
                        : await classifyAndMatch.HandleAsync(notice, lots, ct);
                    if (board) await boardIndexer.IndexNoticeAsync(notice.Source, notice.NoticeId, done.Lots, done.MatchRows, ct, firstTime: lots is not null);
                }
                Interlocked.Add(ref ingestTicks, stored - start - preparing);
                Interlocked.Add(ref classifyTicks, Stopwatch.GetTimestamp() - stored + preparing);
            }));
        return new PipelineRun(notices.SelectMany(n => n).Distinct().ToList(), stage.Wall,
            Stopwatch.GetElapsedTime(0, ingestTicks / workers), Stopwatch.GetElapsedTime(0, classifyTicks / workers), [stage]);
    }

    /// <summary>One stage after the other: every file ingested, then every notice classified and matched (the lots of new notices from memory).</summary>
    private static async Task<PipelineRun> SequentialAsync(ServiceProvider services, Azurite azurite, IReadOnlyList<string> files, int concurrency, CancellationToken cancellationToken)
    {
        IngestSummary ingest = null!;
        var ingestStage = await PipelineProfile.MeasureAsync("ingest", azurite, async () =>
            ingest = await services.GetRequiredService<NoticeIngestor>().IngestAsync(files, null, cancellationToken));
        var parsed = ingest.Outcomes.SelectMany(o => o.Notices).Distinct().Select(n => new ParsedNotice(n.Source, n.NoticeId)).ToList();
        var fresh = ParsedNotice.FreshLots(ingest.Outcomes);
        var classifyAndMatch = services.GetRequiredService<ClassifyAndMatchHandler>();
        var classifyAndMatchStage = await PipelineProfile.MeasureAsync("classify and match", azurite, async () =>
            await Parallel.ForEachAsync(parsed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken },
                async (notice, ct) => await (fresh.TryGetValue(notice, out var fromParse) ? classifyAndMatch.HandleAsync(notice, fromParse, ct) : classifyAndMatch.HandleAsync(notice, ct))));
        return new PipelineRun(parsed, ingestStage.Wall + classifyAndMatchStage.Wall, ingestStage.Wall, classifyAndMatchStage.Wall, [ingestStage, classifyAndMatchStage]);
    }

    /// <summary>
    /// Copies of the shared real TED R2 and eForms notices, each under an id of its own (and a
    /// procedure of its own for eForms), so that N files are N notices.
    /// </summary>
    public static IReadOnlyList<string> WriteNotices(string folder, int count)
    {
        var parser = new NoticeParser();
        var sources = Directory.EnumerateFiles(BenchCommand.SharedDataPath("ted-rdf-mapping"), "*.xml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(BenchCommand.SharedDataPath("ted-rdf-conversion-pipeline"), "*.xml", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllText)
            .Where(text => parser.TryParse("bench.xml", Encoding.UTF8.GetBytes(text)).Parsed is not null)
            .ToList();
        var files = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var text = sources[i % sources.Count];
            var id = $"{900000 + i}-2026";
            text = text.Contains("DOC_ID=\"", StringComparison.Ordinal)
                ? DocId().Replace(text, $"DOC_ID=\"{id}\"", 1)
                : ContractFolder().Replace((text.Contains("NoticePublicationID", StringComparison.Ordinal) ? PublicationId() : NoticeUuid()).Replace(text, $"${{open}}{id}${{close}}", 1),
                    $"${{open}}bench-{i}${{close}}", 1);
            var file = Path.Combine(folder, $"{i:D6}.xml");
            File.WriteAllText(file, text);
            files.Add(file);
        }
        return files;
    }

    [GeneratedRegex("DOC_ID=\"[^\"]*\"")]
    private static partial Regex DocId();

    [GeneratedRegex("(?<open><efbc:NoticePublicationID[^>]*>)[^<]*(?<close></efbc:NoticePublicationID>)")]
    private static partial Regex PublicationId();

    [GeneratedRegex("(?<open><cbc:ID schemeName=\"notice-id\"[^>]*>)[^<]*(?<close></cbc:ID>)")]
    private static partial Regex NoticeUuid();

    [GeneratedRegex("(?<open><cbc:ContractFolderID[^>]*>)[^<]*(?<close></cbc:ContractFolderID>)")]
    private static partial Regex ContractFolder();
}

public sealed record PipelineBenchResult(
    int Notices,
    int Lots,
    double IngestNoticesPerSecond,
    double ClassifyLotsPerSecond,
    double MatchLotsPerSecond,
    double PipelineNoticesPerSecond,
    double RoundTripsPerNotice,
    double PeakMemoryMb);

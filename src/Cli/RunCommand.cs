using System.CommandLine;
using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Structures;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses run`: the main job on the embedded default. Starts Azurite when needed, imports the
/// structures (samples/structures.csv, and the shared SIAE directory when present), trains a
/// model when none is promoted (SDCA on the shared corpora: `clauses train` compares all
/// trainers), ingests the sample feed, classifies and matches every lot it parsed, and writes
/// this week's digests for the sample buyers (e-mailed once when an SMTP server is configured).
/// Re-running changes no count.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var feed = new Option<string[]>("--feed") { Description = "notice files or folders to collect from (default: the sample feed, samples/feed)" };
        var json = new Option<bool>("--json") { Description = "print the summary as one JSON object {notices, lots, classified, matches}" };
        var command = new Command("run", "Run the pipeline once, end to end, on the sample feed") { feed, json };
        command.SetAction((result, ct) => RunAsync(result.GetValue(feed) ?? [], result.GetValue(json), ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] feed, bool json, CancellationToken cancellationToken)
    {
        var root = Path.GetDirectoryName(ClausesSociales.Storage.Azurite.ToolsFolder())!;
        if (feed.Length == 0) feed = [Path.Combine(root, "samples", "feed")];
        var files = InputFiles.Expand(feed, Console.Error);
        void Say(string text)
        {
            if (!json) AnsiConsole.MarkupLine(text);
        }
        return await LocalStorage.WithServicesAsync(async services =>
        {

            await ImportStructuresAsync(services.GetRequiredService<StructureStore>(), root, Say, cancellationToken);
            var model = await EnsureModelAsync(services.GetRequiredService<ModelStore>(), Say, cancellationToken);

            var ingestor = services.GetRequiredService<NoticeIngestor>();
            var ingest = json
                ? await ingestor.IngestAsync(files, null, cancellationToken)
                : await IngestCommand.IngestAsync(ingestor, files, cancellationToken);

            await SubscribeSampleBuyersAsync(services.GetRequiredService<ClausesSociales.Storage.ClausesStorage>(), root, cancellationToken);
            var notices = ingest.Outcomes.SelectMany(o => o.Notices).Distinct().ToList();
            var classify = services.GetRequiredService<ClassifyLotsHandler>();
            var match = services.GetRequiredService<MatchLotsHandler>();
            var structures = await match.LoadStructuresAsync(cancellationToken);
            int classified = 0, matches = 0;
            foreach (var (source, noticeId) in notices)
            {
                classified += await classify.HandleAsync(source, noticeId, cancellationToken);
                matches += await match.HandleAsync(source, noticeId, cancellationToken);
            }

            var week = ClausesSociales.Digests.IsoWeeks.Of(DateOnly.FromDateTime(DateTime.Today));
            var digests = await services.GetRequiredService<WeeklyDigestHandler>().HandleAsync(week, send: true, cancellationToken);

            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { notices = ingest.Notices, lots = ingest.Lots, classified, matches, digests = digests.Written, rejected = ingest.Rejected.Count, structures, model }, LotRecord.Json));
            }
            else
            {
                IngestCommand.Print(ingest);
                var table = new Table().AddColumns("Notices", "Lots", "Classified", "Matches", "Digests", "Structures", "Model");
                table.AddRow($"{ingest.Notices}", $"{ingest.Lots}", $"{classified}", $"{matches}", $"{digests.Written} ({week})", $"{structures}", model ?? "none");
                AnsiConsole.Write(table);
                AnsiConsole.MarkupLine(digests.SmtpConfigured
                    ? $"digests e-mailed: {digests.Sent} (already sent this week: {digests.AlreadySent})"
                    : $"[yellow]no SMTP server configured: digests written to blobs and to {Markup.Escape(Path.GetFullPath(digests.LocalFolder ?? "."))}[/]");
            }
            return ingest.ParsedFiles > 0 ? 0 : 2;
        }, cancellationToken);
    }

    private static async Task SubscribeSampleBuyersAsync(ClausesSociales.Storage.ClausesStorage storage, string root, CancellationToken cancellationToken)
    {
        var table = storage.Table(ClausesSociales.Storage.StorageNames.Subscriptions);
        foreach (var (_, f) in Csv.Read(new StreamReader(Path.Combine(root, "samples", "subscriptions.csv"))).Skip(1))
        {
            var existing = await table.GetEntityIfExistsAsync<ClausesSociales.Digests.SubscriptionEntity>("Buyer", ClausesSociales.Storage.TableKeys.Safe(f[1]), cancellationToken: cancellationToken);
            if (!existing.HasValue) await table.AddEntityAsync(ClausesSociales.Digests.SubscriptionEntity.Buyer(f[1], f[2], f[3], []), cancellationToken);
        }
    }

    private static async Task ImportStructuresAsync(StructureStore store, string root, Action<string> say, CancellationToken cancellationToken)
    {
        var sources = new List<string> { Path.Combine(root, "samples", "structures.csv") };
        try { sources.Add(BenchCommand.SharedDataPath(Path.Combine("structures", "siae-2021.csv"))); }
        catch (InvalidOperationException) { say("[yellow]shared/data/structures/siae-2021.csv not found: only the sample structures are imported[/]"); }
        foreach (var file in sources)
        {
            var import = StructuresCommand.Read(file);
            await store.SaveAsync(import.Structures, cancellationToken);
            say($"[grey]structures: {import.Structures.Count} imported from {Markup.Escape(file)}, {import.Rejected.Count} rows rejected[/]");
        }
    }

    private static async Task<string?> EnsureModelAsync(ModelStore store, Action<string> say, CancellationToken cancellationToken)
    {
        if (await store.CurrentAsync(cancellationToken) is { } current) return current.Version;
        string[] folders;
        try
        {
            folders = ClassifierCommands.DefaultTrainingData().Select(BenchCommand.SharedDataPath).ToArray();
        }
        catch (InvalidOperationException)
        {
            say("[yellow]no model and no shared corpora to train one on: lots stay unclassified[/]");
            return null;
        }
        say("[grey]no model yet: training one on the shared corpora (SDCA; `clauses train` compares all trainers)[/]");
        var rows = ClassifierCommands.Rows(folders, new NoticeParser(), TextWriter.Null);
        var (train, test) = TrainingSet.SplitByNotice(rows);
        var model = new LotClassifierTrainer().Train(train, TrainingSet.Hash(train), trainers: [LotClassifierTrainer.Sdca]);
        var evaluation = ModelEvaluation.Evaluate(model, test, train);
        var version = await store.SaveAsync(model, new { evaluation = evaluation.Model, baseline = evaluation.Baseline }, cancellationToken);
        await store.PromoteAsync(version, cancellationToken);
        say($"[grey]model {version} trained on {train.Count} lots and promoted[/]");
        return version;
    }
}

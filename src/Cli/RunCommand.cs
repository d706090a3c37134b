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
        var source = new Option<string[]>("--source") { Description = "collect from the live APIs instead of a feed: boamp, ted (repeatable; needs the network)" };
        var since = new Option<DateOnly?>("--since") { Description = "with --source: first publication date (default: 3 days ago; later runs resume where the last one stopped)" };
        var json = new Option<bool>("--json") { Description = "print the summary as one JSON object {notices, lots, classified, matches, digests}" };
        var command = new Command("run", "Run the pipeline once, end to end, on the sample feed (or live sources)") { feed, source, since, json };
        command.SetAction((result, ct) =>
        {
            var request = new RunRequest(result.GetValue(feed) ?? [], result.GetValue(source) ?? [], result.GetValue(since), result.GetValue(json));
            return LocalStorage.WithServicesAsync(services => RunAsync(services, request, Console.Out, ct), ct);
        });
        return command;
    }

    public sealed record RunRequest(string[] Feed, string[] Sources, DateOnly? Since, bool Json);

    public sealed record RunSummary(int Notices, int Lots, int Classified, int Matches, int Digests, int Rejected, int Structures, string? Model, string Week, IReadOnlyList<string> Failures);

    public static async Task<int> RunAsync(ServiceProvider services, RunRequest request, TextWriter output, CancellationToken cancellationToken)
    {
        var root = Path.GetDirectoryName(ClausesSociales.Storage.Azurite.ToolsFolder())!;
        var json = request.Json;
        void Say(string text)
        {
            if (!json) AnsiConsole.MarkupLine(text);
        }

        await ImportStructuresAsync(services.GetRequiredService<StructureStore>(), root, Say, cancellationToken);
        var model = await EnsureModelAsync(services.GetRequiredService<ModelStore>(), json, Say, cancellationToken);

        // New notices' lots are classified and matched before their one write; their matches are written below.
        var classifyAndMatch = services.GetRequiredService<ClassifyAndMatchHandler>();
        var prepared = new System.Collections.Concurrent.ConcurrentDictionary<ParsedNotice, PreparedNotice>();
        async Task BeforeNewLots(ParsedNotice notice, IReadOnlyList<ClausesSociales.Storage.LotEntity> lots, CancellationToken ct) =>
            prepared[notice] = await classifyAndMatch.PrepareAsync(notice, lots, ct);

        IReadOnlyList<ParseOutcome> outcomes;
        IReadOnlyList<string> failures = [];
        int rejected;
        if (request.Sources.Length > 0)
        {
            var today = DateOnly.FromDateTime(DateTime.Today);
            Say($"[grey]collecting {string.Join(", ", request.Sources)} since {request.Since ?? today.AddDays(-CollectNoticesHandler.FirstRunDays):yyyy-MM-dd}[/]");
            var collected = await services.GetRequiredService<CollectNoticesHandler>().HandleAsync(request.Sources, today, request.Since, parseNow: true, cancellationToken);
            failures = collected.Failures;
            foreach (var failure in failures) Say($"[red]{Markup.Escape(failure)}[/]");
            outcomes = collected.Sources.SelectMany(s => s.New).Select(n => n.Parsed).OfType<ParseOutcome>().ToList();
            rejected = outcomes.Count(o => !o.Success);
        }
        else
        {
            var feed = request.Feed.Length == 0 ? [Path.Combine(root, "samples", "feed")] : request.Feed;
            var files = InputFiles.Expand(feed, Console.Error);
            var ingestor = services.GetRequiredService<NoticeIngestor>();
            var ingest = json ? await ingestor.IngestAsync(files, null, cancellationToken, BeforeNewLots) : await IngestCommand.IngestAsync(ingestor, files, cancellationToken, BeforeNewLots);
            if (!json) IngestCommand.Print(ingest);
            outcomes = ingest.Outcomes;
            rejected = ingest.Rejected.Count;
        }

        await SubscribeSampleBuyersAsync(services.GetRequiredService<ClausesSociales.Storage.ClausesStorage>(), root, cancellationToken);
        var notices = outcomes.SelectMany(o => o.Notices).Distinct().Select(n => new ParsedNotice(n.Source, n.NoticeId)).ToList();
        var structures = await classifyAndMatch.LoadStructuresAsync(cancellationToken);
        var board = services.GetRequiredService<ClausesSociales.Web.BoardIndexer>();
        int classified = 0, matches = 0;
        var concurrency = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ClausesSocialesOptions>>().Value.Concurrency;
        // Notices parsed for the first time are classified and matched from memory; the others are read back.
        var fresh = ParsedNotice.FreshLots(outcomes);
        async Task ClassifyAndMatchAll(Action? step)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(notices, options, async (notice, ct) =>
            {
                var outcome = !fresh.TryGetValue(notice, out var lots) ? await classifyAndMatch.HandleAsync(notice, ct)
                    : prepared.TryGetValue(notice, out var ready) ? await classifyAndMatch.WriteMatchesAsync(notice, lots, ready, ct)
                    : await classifyAndMatch.HandleAsync(notice, lots, ct);
                Interlocked.Add(ref classified, outcome.Classified);
                Interlocked.Add(ref matches, outcome.Matches);
                await board.IndexNoticeAsync(notice.Source, notice.NoticeId, outcome.Lots, outcome.MatchRows, ct, firstTime: lots is not null);
                step?.Invoke();
            });
        }
        if (json) await ClassifyAndMatchAll(null);
        else await AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Classifying and matching lots", maxValue: Math.Max(1, notices.Count));
                await ClassifyAndMatchAll(() => task.Increment(1));
            });

        var week = ClausesSociales.Digests.IsoWeeks.Of(DateOnly.FromDateTime(DateTime.Today));
        var digests = await services.GetRequiredService<WeeklyDigestHandler>().HandleAsync(week, send: true, cancellationToken);
        var summary = new RunSummary(notices.Count, outcomes.Sum(o => o.Lots), classified, matches, digests.Written, rejected, structures, model, week, failures);

        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(summary, LotRecord.Json));
        }
        else
        {
            var table = new Table().AddColumns("Notices", "Lots", "Classified", "Matches", "Digests", "Structures", "Model");
            table.AddRow($"{summary.Notices}", $"{summary.Lots}", $"{classified}", $"{matches}", $"{digests.Written} ({week})", $"{structures}", model ?? "none");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine(digests.SmtpConfigured
                ? $"digests e-mailed: {digests.Sent} (already sent this week: {digests.AlreadySent})"
                : $"[yellow]no SMTP server configured: digests written to blobs and to {Markup.Escape(Path.GetFullPath(digests.LocalFolder ?? "."))}[/]");
        }
        // A source that could not be collected is an error; an offline feed with nothing readable is exit code 2.
        if (request.Sources.Length > 0) return failures.Count == 0 ? 0 : 1;
        return outcomes.Any(o => o.Success) ? 0 : 2;
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

    internal static async Task<string?> EnsureModelAsync(ModelStore store, bool quiet, Action<string> say, CancellationToken cancellationToken)
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
        async Task<string> TrainAsync(Action<string> step)
        {
            step("reading the shared corpora");
            var rows = ClassifierCommands.Rows(folders, new NoticeParser(), TextWriter.Null);
            var training = new LotClassifierTrainer().TrainMeasured(rows, step, trainers: [LotClassifierTrainer.Sdca]);
            var evaluation = training.Evaluation;
            var version = await store.SaveAsync(training.Served, new { evaluation = evaluation.Model, baseline = evaluation.Baseline, reports = evaluation.Reports }, cancellationToken, training.Measured);
            await store.PromoteAsync(version, cancellationToken);
            say($"[grey]model {version} evaluated on {training.Test.Count} held-apart lots, trained on all {rows.Count} and promoted[/]");
            return version;
        }
        return quiet
            ? await TrainAsync(_ => { })
            : await AnsiConsole.Status().StartAsync("Training the lot classifier", context => TrainAsync(step => context.Status($"Training the lot classifier: {Markup.Escape(step)}")));
    }
}

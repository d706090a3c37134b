using System.CommandLine;
using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// The admin's side of the classifier in storage: `clauses retrain LABELS.csv` does what dropping
/// the file in the training container does (the Retrain function), and `clauses model` shows the
/// promoted version and its metrics.
/// </summary>
internal static class ModelCommands
{
    public static Command Retrain()
    {
        var labels = new Argument<string>("LABELS") { Description = "CSV of labelled lots: noticeId,lotId,social,reserved,green (1, 0 or empty), plus title,description,mainCpv... for lots not stored" };
        var trainers = new Option<string[]>("--trainers") { Description = "kept for scripts: the engine serves SDCA heads; `clauses train` compares LightGbm" };
        var command = new Command("retrain", "Upload labelled lots to training/ and retrain on every stored lot; promote the new model if it is not worse") { labels, trainers };
        command.SetAction((result, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var file = result.GetValue(labels)!;
            if (!File.Exists(file))
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(file)} not found[/]");
                return 2;
            }
            var storage = services.GetRequiredService<ClausesStorage>();
            await storage.EnsureCreatedAsync(ct);
            var content = new BinaryData(await File.ReadAllBytesAsync(file, ct));
            var name = $"{StorageNames.Training}/{Path.GetFileName(file)}";
            await storage.Container(StorageNames.Training).GetBlobClient(Path.GetFileName(file)).UploadAsync(content, overwrite: true, ct);
            var handler = new RetrainHandler(storage, services.GetRequiredService<ModelStore>(), services.GetRequiredService<ILogger<RetrainHandler>>())
            {
                Trainers = result.GetValue(trainers) is { Length: > 0 } t ? t : null,
            };
            var outcome = await AnsiConsole.Status().StartAsync("Training on every stored lot (minutes)...", _ => handler.HandleAsync(name, content, ct));
            foreach (var problem in outcome.Problems) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(problem)}[/]");
            ClassifierCommands.Print(outcome.Evaluation);
            if (outcome.Current is { } current)
            {
                AnsiConsole.MarkupLine($"compared on the {current.Model.Values.Max(m => m.Count)} held-apart lots the current model never learnt: candidate " + string.Join(", ", Labels.All.Select(l => $"{l} {outcome.Compared.Model[l].RocAuc:F3}"))
                    + "; current " + string.Join(", ", Labels.All.Select(l => $"{l} {current.Model[l].RocAuc:F3}")));
            }
            AnsiConsole.MarkupLine($"labels changed by buyers' feedback: {outcome.FeedbackLabels}");
            AnsiConsole.MarkupLine(outcome.Promoted
                ? $"[green]version {outcome.Version} promoted[/]: {Markup.Escape(outcome.Why)}"
                : $"[yellow]version {outcome.Version} kept, not promoted[/]: {Markup.Escape(outcome.Why)}");
            if (outcome.Promoted) await RescoreAsync(services.GetRequiredService<RescoreHandler>(), ct);
            return 0;
        }, ct));
        return command;
    }

    public static Command Rescore()
    {
        var command = new Command("rescore", "Classify and match again every open lot the promoted model has not scored yet (resumable)");
        command.SetAction((_, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            await RescoreAsync(services.GetRequiredService<RescoreHandler>(), ct);
            return 0;
        }, ct));
        return command;
    }

    private static async Task RescoreAsync(RescoreHandler rescore, CancellationToken cancellationToken)
    {
        var summary = await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Rescoring open lots with the promoted model", maxValue: 1);
                return await rescore.HandleAsync(new Progress<RescoreProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }), cancellationToken);
            });
        AnsiConsole.MarkupLine(summary.Version is null
            ? "[yellow]no model promoted: nothing to rescore[/]"
            : $"rescored {summary.Lots:N0} lots of {summary.Notices:N0} notices with model {summary.Version}: {summary.Matches:N0} matches");
    }

    public static Command Show()
    {
        var command = new Command("model", "Show the promoted model: version, trainers, metrics on held-out notices");
        command.SetAction((_, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var models = services.GetRequiredService<ModelStore>();
            if (await models.CurrentAsync(ct) is not { } current)
            {
                AnsiConsole.MarkupLine("[yellow]no model promoted yet: `clauses run` trains one, `clauses retrain` another[/]");
                return 1;
            }
            using var metrics = await models.MetricsAsync(current.Version, ct);
            AnsiConsole.MarkupLine($"version [bold]{current.Version}[/], promoted {current.PromotedAt:yyyy-MM-dd HH:mm} UTC");
            var root = metrics.RootElement;
            if (root.TryGetProperty("info", out var info) && info.TryGetProperty("trainers", out var chosen))
            {
                AnsiConsole.MarkupLine($"trained on {info.GetProperty("trainingLots").GetInt32()} lots; trainers: {Markup.Escape(string.Join(", ", chosen.EnumerateObject().Select(p => $"{p.Name} {p.Value.GetString()}")))}");
            }
            if (root.TryGetProperty("metrics", out var recorded) && recorded.TryGetProperty("evaluation", out var evaluation) && evaluation.ValueKind == JsonValueKind.Object)
            {
                var baseline = recorded.TryGetProperty("baseline", out var b) && b.ValueKind == JsonValueKind.Object ? b : (JsonElement?)null;
                var table = new Table().AddColumns("Label", "Lots", "Positives", "Precision", "Recall", "ROC-AUC", "PR-AUC", "Top 20% recall", "Baseline ROC-AUC");
                static string Number(JsonElement m, string name) => m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble().ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "-";
                foreach (var label in evaluation.EnumerateObject())
                {
                    var m = label.Value;
                    table.AddRow(label.Name, Number(m, "count"), Number(m, "positives"), Number(m, "precision"), Number(m, "recall"), Number(m, "rocAuc"), Number(m, "prAuc"), Number(m, "top20Recall"),
                        baseline is { } bl && bl.TryGetProperty(label.Name, out var bm) ? Number(bm, "rocAuc") : "-");
                }
                AnsiConsole.Write(table);
            }
            if (root.TryGetProperty("metrics", out var decision) && decision.TryGetProperty("why", out var why)) AnsiConsole.MarkupLine($"promotion: {Markup.Escape(why.GetString() ?? "")}");
            var versions = await models.VersionsAsync(ct);
            var curve = new Table().Title("Learning curve: every version by training-set size (held-out ROC-AUC, positives)").AddColumns("Version", "Training lots", "Promoted");
            foreach (var label in Labels.All) curve.AddColumn(label);
            foreach (var v in versions)
            {
                var cells = new List<string> { Markup.Escape(v.Version), $"{v.TrainingLots}", v.Promoted || v.Version == current.Version ? "yes" : "no" };
                cells.AddRange(Labels.All.Select(l => v.RocAuc.TryGetValue(l, out var auc) ? $"{auc:F3} ({v.TestPositives.GetValueOrDefault(l)})" : "-"));
                curve.AddRow(cells.ToArray());
            }
            AnsiConsole.Write(curve);
            return 0;
        }, ct));
        return command;
    }
}

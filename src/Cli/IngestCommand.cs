using System.CommandLine;
using ClausesSociales.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses ingest PATH...`: stores notices as raw blobs and runs ParseNotice on each.</summary>
internal static class IngestCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "notice files or folders", Arity = ArgumentArity.OneOrMore };
        var command = new Command("ingest", "Store notices as raw blobs in storage and parse them into Tenders and Lots") { paths };
        command.SetAction((result, ct) => RunAsync(result.GetValue(paths)!, ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] paths, CancellationToken cancellationToken)
    {
        var files = InputFiles.Expand(paths, Console.Error);
        if (files.Count == 0)
        {
            AnsiConsole.MarkupLine("[red]No file to ingest.[/]");
            return 2;
        }
        return await LocalStorage.WithServicesAsync(async services =>
        {
            var summary = await IngestAsync(services.GetRequiredService<NoticeIngestor>(), files, cancellationToken);
            Print(summary);
            return summary.ParsedFiles > 0 ? 0 : 2;
        }, cancellationToken);
    }

    public static Task<IngestSummary> IngestAsync(NoticeIngestor ingestor, IReadOnlyList<string> files, CancellationToken cancellationToken,
        Func<ParsedNotice, IReadOnlyList<ClausesSociales.Storage.LotEntity>, CancellationToken, Task>? beforeNewLots = null) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Ingesting notices", maxValue: files.Count);
                return await ingestor.IngestAsync(files, new Progress<IngestProgress>(p => task.Value = p.Done), cancellationToken, beforeNewLots);
            });

    public static void Print(IngestSummary summary)
    {
        var table = new Table().AddColumns("Files", "Parsed", "Rejected", "Notices", "Lots");
        table.AddRow($"{summary.Files}", $"{summary.ParsedFiles}", $"{summary.Rejected.Count}", $"{summary.Notices}", $"{summary.Lots}");
        AnsiConsole.Write(table);
        foreach (var r in summary.Rejected)
        {
            AnsiConsole.MarkupLine($"[yellow]quarantined[/] {Markup.Escape(r.File)}: {Markup.Escape(r.Reason)}{(r.Position is null ? "" : $" ({Markup.Escape(r.Position)})")}");
        }
    }
}

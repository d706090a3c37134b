using System.CommandLine;
using ClausesSociales.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses collect [--source boamp|ted] --since DATE`: collects notices from the BOAMP and TED APIs (needs the network).</summary>
internal static class CollectCommand
{
    public static Command Create()
    {
        var since = new Option<DateOnly>("--since") { Description = "first publication date to collect (resumes from the last run when later)", Required = true };
        var source = new Option<string[]>("--source") { Description = "boamp, ted (repeatable; default: both)" };
        var command = new Command("collect", "Collect notices published since a date from BOAMP and TED, store and parse them") { since, source };
        command.SetAction((r, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var sources = r.GetValue(source) is { Length: > 0 } chosen ? chosen : CollectNoticesHandler.Sources;
            var run = await services.GetRequiredService<CollectNoticesHandler>().HandleAsync(sources, DateOnly.FromDateTime(DateTime.Today), r.GetValue(since), parseNow: true, ct);
            var table = new Table().AddColumns("Source", "Since", "Pages", "Records", "New", "Parsed");
            foreach (var s in run.Sources) table.AddRow(s.Source, $"{s.Since:yyyy-MM-dd}", $"{s.Pages}", $"{s.Records}", $"{s.Stored}", $"{s.Parsed}");
            AnsiConsole.Write(table);
            foreach (var failure in run.Failures) AnsiConsole.MarkupLine($"[red]{Markup.Escape(failure)}[/]");
            return run.Failures.Count == 0 ? 0 : 1;
        }, ct));
        return command;
    }
}

using System.CommandLine;
using ClausesSociales.Collection;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses collect --since DATE`: collects BOAMP notices from the open-data API (needs the network).</summary>
internal static class CollectCommand
{
    public static Command Create()
    {
        var since = new Option<DateOnly>("--since") { Description = "first publication date to collect (resumes from the last run when later)", Required = true };
        var command = new Command("collect", "Collect BOAMP notices published since a date, store and parse them") { since };
        command.SetAction((r, ct) => LocalStorage.WithServicesAsync(async services =>
        {
            var summary = await services.GetRequiredService<BoampCollector>().CollectAsync(r.GetValue(since), ct);
            var table = new Table().AddColumns("Since", "Pages", "Records", "New", "Parsed");
            table.AddRow($"{summary.Since:yyyy-MM-dd}", $"{summary.Pages}", $"{summary.Records}", $"{summary.Stored}", $"{summary.Parsed}");
            AnsiConsole.Write(table);
            return 0;
        }, ct));
        return command;
    }
}

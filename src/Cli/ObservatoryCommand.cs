using System.CommandLine;
using ClausesSociales.CodeLists;
using ClausesSociales.Observatory;
using ClausesSociales.Storage;
using ClausesSociales.Territories;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses observatory --territory SPEC --from DATE --to DATE [--out DIR]`: the report of a territory (report.html, figures.json, figures.csv).</summary>
internal static class ObservatoryCommand
{
    public static Command Create()
    {
        var territory = new Option<string>("--territory") { Description = "DEP:80, REG:32, EPCI:200037059,200070928, COM:80620 or parts joined by ';'", Required = true };
        var name = new Option<string?>("--name") { Description = "name of the territory in the report (default: the names of its parts)" };
        var from = new Option<DateOnly>("--from") { Description = "first publication date (yyyy-MM-dd)", Required = true };
        var to = new Option<DateOnly>("--to") { Description = "last publication date (yyyy-MM-dd)", Required = true };
        var output = new Option<string>("--out") { Description = "folder for report.html, figures.json and figures.csv", DefaultValueFactory = _ => Path.Combine("out", "observatory") };
        var geojson = new Option<string?>("--geojson") { Description = "department polygons (default: ../shared/data/france-geojson/departements-version-simplifiee.geojson)" };
        var command = new Command("observatory", "Territorial report: what a territory's buyers publish, reserve, miss, and the local ESS supply") { territory, name, from, to, output, geojson };
        command.SetAction((result, ct) => RunAsync(result.GetValue(territory)!, result.GetValue(name), result.GetValue(from), result.GetValue(to), result.GetValue(output)!, result.GetValue(geojson), ct));
        return command;
    }

    private static async Task<int> RunAsync(string spec, string? name, DateOnly from, DateOnly to, string output, string? geojson, CancellationToken cancellationToken)
    {
        if (to < from)
        {
            AnsiConsole.MarkupLine("[red]--to is before --from[/]");
            return 2;
        }
        var split = AdministrativeSplit.Instance;
        Territory territory;
        try
        {
            territory = Territory.Parse(spec, split, name);
        }
        catch (FormatException ex)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
            return 2;
        }
        geojson ??= FranceMap.FindDefault();
        var map = geojson is not null && File.Exists(geojson) ? new FranceMap(geojson) : null;
        if (map is null) AnsiConsole.MarkupLine("[yellow]No department polygons found: the report is written without its map.[/]");

        return await LocalStorage.WithServicesAsync(async services =>
        {
            var inputs = await ObservatoryInputs.LoadAsync(services.GetRequiredService<ClausesStorage>(), from, to, cancellationToken);
            var builder = new ObservatoryBuilder(new PlaceResolver(split), services.GetRequiredService<CodeLabels>(), TimeProvider.System);
            var figures = builder.Build(territory, from, to, inputs);
            ObservatoryReport.Write(figures, map, split.DepartmentRegions, output);

            var table = new Table().AddColumns("Territory", "Communes", "Lots published", "Lots performed", "Missed", "ESS structures", "Contracts (DECP)");
            table.AddRow(Markup.Escape(figures.Territory.Name), $"{figures.Territory.Communes.Count}", $"{figures.Published.Lots}", $"{figures.Performed.Lots}",
                $"{figures.MissedOpportunities.Count}", $"{figures.Supply.Structures}", $"{figures.Awarded.Contracts}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"Report: {Markup.Escape(Path.GetFullPath(Path.Combine(output, "report.html")))}");
            return 0;
        }, cancellationToken);
    }
}

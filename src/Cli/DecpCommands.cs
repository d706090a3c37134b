using System.CommandLine;
using ClausesSociales.Decp;
using ClausesSociales.Storage;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses decp import FILE...`: awarded contracts (DECP, 2022 format) streamed into the Contracts and Awards tables.</summary>
internal static class DecpCommands
{
    private const int BadShown = 20;

    public static Command Create()
    {
        var files = new Argument<string[]>("FILE") { Description = "DECP JSON files (format of the 2022 decree)", Arity = ArgumentArity.OneOrMore };
        var import = new Command("import", "Import awarded contracts: labels for training, structures' track record, the observatory's awarded side") { files };
        import.SetAction((result, ct) => ImportAsync(result.GetValue(files)!, ct));
        return new Command("decp", "Awarded contracts (données essentielles de la commande publique)") { import };
    }

    private static async Task<int> ImportAsync(string[] paths, CancellationToken cancellationToken)
    {
        var files = InputFiles.Expand(paths, Console.Error);
        if (files.Count == 0)
        {
            AnsiConsole.MarkupLine("[red]No file to import.[/]");
            return 2;
        }
        return await LocalStorage.WithServicesAsync(async services =>
        {
            var store = services.GetRequiredService<DecpStore>();
            var results = await ImportAsync(store, files, cancellationToken);
            var table = new Table().AddColumns("File", "Records", "Contracts", "Awards (SIRET)", "Bad records");
            foreach (var (file, r) in results) table.AddRow(Markup.Escape(file), $"{r.Records}", $"{r.Contracts}", $"{r.Awards}", $"{r.BadCount}");
            AnsiConsole.Write(table);
            foreach (var (file, r) in results)
            {
                foreach (var bad in r.Bad.Take(BadShown))
                {
                    AnsiConsole.MarkupLine($"[yellow]skipped[/] {Markup.Escape(Path.GetFileName(file))} record {bad.Index + 1}, line {bad.Line}, byte {bad.Offset}: {Markup.Escape(bad.Error ?? "")}");
                }
                if (r.BadCount > BadShown) AnsiConsole.MarkupLine($"[yellow]... and {r.BadCount - BadShown} more bad records in {Markup.Escape(Path.GetFileName(file))}[/]");
            }
            return results.Any(r => r.Result.Contracts > 0) ? 0 : 2;
        }, cancellationToken);
    }

    public static Task<List<(string File, DecpImportResult Result)>> ImportAsync(DecpStore store, IReadOnlyList<string> files, CancellationToken cancellationToken) =>
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var results = new List<(string, DecpImportResult)>();
                foreach (var file in files)
                {
                    var task = context.AddTask(Markup.Escape(Path.GetFileName(file)), maxValue: Math.Max(1, new FileInfo(file).Length));
                    await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                    var result = await store.ImportAsync(stream, onProgress: bytes => task.Value = bytes, cancellationToken: cancellationToken);
                    task.Value = task.MaxValue;
                    results.Add((file, result));
                }
                return results;
            });
}

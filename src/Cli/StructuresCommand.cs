using System.CommandLine;
using ClausesSociales.Structures;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses structures import FILE`: validates and stores structures; re-import updates by SIRET.</summary>
internal static class StructuresCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "SIAE directory export or generic structures CSV" };
        var import = new Command("import", "Import ESS structures into the Structures table") { file };
        import.SetAction((result, ct) => ImportAsync(result.GetValue(file)!, ct));
        return new Command("structures", "Manage the table of ESS structures") { import };
    }

    /// <param name="stored">The structures already stored, by SIRET: a row keeps what the file does not give of them.</param>
    public static StructureImport Read(string file, IReadOnlyDictionary<string, Structure>? stored = null)
    {
        using var reader = new StreamReader(file);
        return new StructureCsvImporter().Read(reader, stored);
    }

    private static async Task<int> ImportAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            AnsiConsole.MarkupLine($"[red]No such file: {Markup.Escape(file)}[/]");
            return 2;
        }
        return await LocalStorage.WithServicesAsync(async services =>
        {
            var store = services.GetRequiredService<StructureStore>();
            var known = (await store.LoadAsync(cancellationToken)).ToDictionary(s => s.Siret, StringComparer.Ordinal);
            StructureImport import;
            try
            {
                import = Read(file, known);
            }
            catch (FormatException ex)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
                return 2;
            }
            foreach (var r in import.Rejected) AnsiConsole.MarkupLine($"[yellow]line {r.Line}[/] rejected {Markup.Escape(r.Siret)}: {Markup.Escape(r.Reason)}");
            foreach (var n in import.Notes) AnsiConsole.MarkupLine($"[grey]line {n.Line}[/] {Markup.Escape(n.Siret)}: {Markup.Escape(n.Reason)}");
            await store.SaveAsync(import.Structures, cancellationToken);
            // The table as it now stands: what it held, and the SIRETs the file added (the others were updated).
            var stored = known.Count + import.Structures.Count(s => !known.ContainsKey(s.Siret));
            var table = new Table().AddColumns("Rows", "Accepted", "Rejected", "Notes", "Structures in table");
            table.AddRow($"{import.Structures.Count + import.Rejected.Count + import.Notes.Count(n => n.Reason.StartsWith("SIRET seen", StringComparison.Ordinal))}",
                $"{import.Structures.Count}", $"{import.Rejected.Count}", $"{import.Notes.Count}", $"{stored}");
            AnsiConsole.Write(table);
            return import.Structures.Count > 0 ? 0 : 2;
        }, cancellationToken);
    }
}

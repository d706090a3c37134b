using System.Diagnostics;
using ClausesSociales.Geography;
using ClausesSociales.Matching;
using ClausesSociales.Notices;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses bench match`: real lots from the shared corpora, repeated with their place moved
/// across every French department, matched on one thread against the full structures table.
/// </summary>
internal static class MatchBench
{
    public static int Run(int lotCount, string? structuresFile, int bruteForceLots)
    {
        var structures = StructuresCommand.Read(structuresFile ?? BenchCommand.SharedDataPath(Path.Combine("structures", "siae-2021.csv"))).Structures;
        var parser = new NoticeParser();
        var real = new List<Lot>();
        foreach (var folder in new[] { "ted-rdf-mapping", "ted-xml-data-converter", "ted-rdf-conversion-pipeline", "eforms-sdk/examples/notices", "boamp-rdf", "boamp-api-jpbenga" })
        {
            foreach (var file in InputFiles.Expand([BenchCommand.SharedDataPath(folder)], TextWriter.Null))
            {
                try { real.AddRange(parser.Parse(file, File.ReadAllBytes(file)).Notices.SelectMany(n => n.Lots).Where(l => l.MainCpv is not null)); }
                catch (NoticeParseException) { }
            }
        }
        var departments = FrenchGeography.Instance.Departments;
        var lots = Enumerable.Range(0, lotCount).Select(i =>
        {
            var d = departments[i % departments.Count];
            return real[i % real.Count] with { Nuts = [d.Nuts3], Departments = [d.Code] };
        }).ToList();

        var build = Stopwatch.StartNew();
        var index = new StructureIndex(structures, FrenchGeography.Instance);
        build.Stop();
        var matcher = new LotMatcher(index);

        // Warm up long enough for tiered compilation to settle, then time on one thread.
        var warmUp = Stopwatch.StartNew();
        for (var k = 0; warmUp.Elapsed < TimeSpan.FromSeconds(3); k++) matcher.Match("w", lots[k % lots.Count], top: 10);
        long matches = 0, reasons = 0;
        var indexed = Stopwatch.StartNew();
        foreach (var lot in lots) matches += matcher.Match("b", lot, top: 10).Matches.Count;
        indexed.Stop();
        var explained = Stopwatch.StartNew();
        foreach (var lot in lots)
        {
            foreach (var m in matcher.Match("b", lot, top: 10).Matches) reasons += m.Reasons.Count;
        }
        explained.Stop();

        var sample = lots.Take(Math.Min(bruteForceLots, lots.Count)).ToList();
        var brute = Stopwatch.StartNew();
        foreach (var lot in sample) matcher.Match("b", lot, top: 10, bruteForce: true);
        brute.Stop();
        var indexedPerLot = indexed.Elapsed.TotalMilliseconds / lots.Count;
        var brutePerLot = brute.Elapsed.TotalMilliseconds / sample.Count;

        var table = new Table().AddColumns("Measure", "Value");
        table.AddRow("structures", $"{structures.Count:N0}");
        table.AddRow("lots (real lots from the corpora, places varied)", $"{lots.Count:N0} (from {real.Count:N0} real lots)");
        table.AddRow("index build", $"{build.Elapsed.TotalMilliseconds:F0} ms");
        table.AddRow("indexed matching (scores, ranking, top 10, potential), one thread", $"{indexed.Elapsed.TotalSeconds:F2} s ({lots.Count / indexed.Elapsed.TotalSeconds:N0} lots/s)");
        table.AddRow("the same, with the reasons of the matches shown written", $"{explained.Elapsed.TotalSeconds:F2} s ({matches:N0} matches, {reasons:N0} reasons)");
        table.AddRow($"brute-force scan ({sample.Count:N0} lots)", $"{brute.Elapsed.TotalSeconds:F2} s ({brutePerLot:F3} ms/lot)");
        table.AddRow("brute force / index per lot", $"{brutePerLot / indexedPerLot:F1}x");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"target: {lots.Count:N0} lots in under 2 s on one core once the index is built: [bold]{(indexed.Elapsed.TotalSeconds < 2 ? "met" : "missed")}[/]");
        return 0;
    }
}

using System.Diagnostics;
using ClausesSociales.Storage;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses bench pipeline --profile`: per stage, the storage requests by kind with their mean
/// latency in each fifth of the stage (does a kind grow slower as the tables grow?), their share
/// of the stage's request time, and the CPU time of Azurite next to this process's.
/// </summary>
internal static class PipelineProfile
{
    public const int Fifths = 5;

    /// <summary>A stage of the benchmark: its bounds (Stopwatch timestamps) and the CPU time each process spent in it.</summary>
    public sealed record Stage(string Name, long Start, long End, TimeSpan OurCpu, TimeSpan AzuriteCpu)
    {
        public TimeSpan Wall => Stopwatch.GetElapsedTime(Start, End);
    }

    /// <summary>Measures a stage: wall time and the CPU time of this process and of Azurite.</summary>
    public static async Task<Stage> MeasureAsync(string name, Azurite azurite, Func<Task> stage)
    {
        var ourBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var azuriteBefore = azurite.ProcessorTime ?? TimeSpan.Zero;
        var start = Stopwatch.GetTimestamp();
        await stage();
        var end = Stopwatch.GetTimestamp();
        return new Stage(name, start, end, Process.GetCurrentProcess().TotalProcessorTime - ourBefore, (azurite.ProcessorTime ?? TimeSpan.Zero) - azuriteBefore);
    }

    public static void Print(IReadOnlyList<Stage> stages, IReadOnlyList<RequestSample> samples)
    {
        // Ten columns do not fit the 80 columns a redirected console is given.
        AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160);
        foreach (var stage in stages)
        {
            var inStage = samples.Where(s => s.StartedAt >= stage.Start && s.StartedAt < stage.End).ToList();
            var span = (double)(stage.End - stage.Start);
            var total = inStage.Sum(s => s.Latency.TotalMilliseconds);
            var table = new Table().Title($"{Markup.Escape(stage.Name)}: {stage.Wall.TotalSeconds:N1} s wall, CPU this process {stage.OurCpu.TotalSeconds:N1} s, Azurite {stage.AzuriteCpu.TotalSeconds:N1} s ({stage.AzuriteCpu / stage.Wall:P0} of one core)");
            table.AddColumns("request", "count", "status", "share of request time", "mean ms");
            for (var f = 1; f <= Fifths; f++) table.AddColumn($"fifth {f}");
            foreach (var kind in inStage.GroupBy(s => s.Kind).OrderByDescending(g => g.Sum(s => s.Latency.TotalMilliseconds)))
            {
                var byFifth = kind.GroupBy(s => Math.Min(Fifths - 1, (int)((s.StartedAt - stage.Start) / span * Fifths))).ToDictionary(g => g.Key, g => g.Average(s => s.Latency.TotalMilliseconds));
                var row = new List<string>
                {
                    Markup.Escape(kind.Key),
                    $"{kind.Count():N0}",
                    string.Join(" ", kind.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}x{g.Count()}")),
                    $"{kind.Sum(s => s.Latency.TotalMilliseconds) / Math.Max(1, total):P0}",
                    $"{kind.Average(s => s.Latency.TotalMilliseconds):N2}",
                };
                for (var f = 0; f < Fifths; f++) row.Add(byFifth.TryGetValue(f, out var mean) ? $"{mean:N2}" : "-");
                table.AddRow(row.ToArray());
            }
            AnsiConsole.Write(table);
        }
    }
}

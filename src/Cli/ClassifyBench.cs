using System.Diagnostics;
using ClausesSociales.Classification;
using ClausesSociales.Notices;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses bench classify --model DIR`: model size and load time, batch throughput, single-lot latency.</summary>
internal static class ClassifyBench
{
    public static int Run(string modelFolder, int singles)
    {
        var path = Directory.Exists(modelFolder) ? Path.Combine(modelFolder, "model.zip") : modelFolder;
        var size = new FileInfo(path).Length;
        var load = Stopwatch.StartNew();
        var model = ClassifierCommands.LoadModel(modelFolder);
        load.Stop();

        var rows = ClassifierCommands.Rows(ClassifierCommands.DefaultTrainingData().Select(BenchCommand.SharedDataPath), new NoticeParser(), TextWriter.Null);
        model.Predict(rows.Take(200).ToList());
        var batch = Stopwatch.StartNew();
        var predictions = model.Predict(rows);
        batch.Stop();

        var latencies = new List<double>();
        foreach (var row in rows.Take(singles))
        {
            var one = Stopwatch.StartNew();
            model.Predict([row]);
            latencies.Add(one.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();

        var table = new Table().AddColumns("Measure", "Value");
        table.AddRow("model size", $"{size / 1024.0 / 1024.0:F1} MB");
        table.AddRow("model load", $"{load.Elapsed.TotalMilliseconds:F0} ms");
        table.AddRow("batch", $"{rows.Count:N0} lots in {batch.Elapsed.TotalSeconds:F2} s: {rows.Count / batch.Elapsed.TotalSeconds:N0} lots/s (three labels, with reasons)");
        table.AddRow("single lot", $"median {latencies[latencies.Count / 2]:F1} ms, 95th percentile {latencies[(int)(latencies.Count * 0.95)]:F1} ms over {latencies.Count} lots");
        AnsiConsole.Write(table);
        return predictions.Count == rows.Count ? 0 : 1;
    }
}

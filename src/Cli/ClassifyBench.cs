using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.Notices;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses bench classify [--model DIR] [--json]`: model size and load time, batch throughput
/// (three labels with three reasons per lot, featurisation included) and single-lot latency, on
/// the lots of the shared real corpora. Without a model in DIR, one is trained there first.
/// </summary>
internal static class ClassifyBench
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "folder holding model.zip (trained there first when missing)", DefaultValueFactory = _ => "model" };
        var singles = new Option<int>("--singles") { Description = "lots scored one by one for the latency", DefaultValueFactory = _ => 2000 };
        var seconds = new Option<double>("--seconds") { Description = "minimum time of the batch measure", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "print one object {batchLotsPerSecond, singleLotP50Microseconds}" };
        var classify = new Command("classify", "Classifier throughput, latency, model size and load time") { model, singles, seconds, json };
        classify.SetAction(result => Run(result.GetValue(model)!, result.GetValue(singles), result.GetValue(seconds), result.GetValue(json)));
        return classify;
    }

    public static int Run(string modelFolder, int singles, double seconds, bool json)
    {
        var path = Directory.Exists(modelFolder) ? Path.Combine(modelFolder, "model.zip") : modelFolder;
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"no model at {path}: training one on the shared corpora first");
            var trained = ClassifierCommands.RunTrain([], null, modelFolder, null, quiet: true);
            if (trained != 0) return trained;
            path = Path.Combine(modelFolder, "model.zip");
        }
        var size = new FileInfo(path).Length;
        var load = Stopwatch.StartNew();
        var model = ClassifierCommands.LoadModel(modelFolder);
        load.Stop();

        var rows = ClassifierCommands.Rows(ClassifierCommands.DefaultTrainingData().Select(BenchCommand.SharedDataPath), new NoticeParser(), TextWriter.Null);
        model.Predict(rows);
        var batch = Stopwatch.StartNew();
        long scored = 0;
        while (batch.Elapsed.TotalSeconds < seconds)
        {
            scored += model.Predict(rows).Count;
        }
        batch.Stop();
        var lotsPerSecond = scored / batch.Elapsed.TotalSeconds;

        var latencies = new List<double>();
        for (var i = 0; i < singles; i++)
        {
            var row = rows[i % rows.Count];
            var one = Stopwatch.StartNew();
            model.Predict([row]);
            latencies.Add(one.Elapsed.TotalMicroseconds);
        }
        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        var p95 = latencies[(int)(latencies.Count * 0.95)];

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { batchLotsPerSecond = Math.Round(lotsPerSecond), singleLotP50Microseconds = Math.Round(p50, 1) }));
            return 0;
        }
        var table = new Table().AddColumns("Measure", "Value");
        table.AddRow("model size", $"{size / 1024.0 / 1024.0:F1} MB, {model.Vocabulary.Slots.Length:N0} feature slots");
        table.AddRow("model load", $"{load.Elapsed.TotalMilliseconds:F0} ms");
        table.AddRow("batch", string.Create(CultureInfo.InvariantCulture, $"{scored:N0} lots ({rows.Count:N0} distinct) in {batch.Elapsed.TotalSeconds:F2} s: {lotsPerSecond:N0} lots/s (three labels, three reasons, featurisation included, {Environment.ProcessorCount} cores)"));
        table.AddRow("single lot", string.Create(CultureInfo.InvariantCulture, $"median {p50:F1} us, 95th percentile {p95:F1} us over {latencies.Count} lots"));
        AnsiConsole.Write(table);
        return 0;
    }
}

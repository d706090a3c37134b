using System.CommandLine;
using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Notices;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>`clauses train`, `clauses eval`, `clauses classify`: the lot classifier from the command line.</summary>
internal static class ClassifierCommands
{
    /// <summary>The shared corpora of published notices; eForms files derived from TED XML are left out, they repeat notices.</summary>
    public static string[] DefaultTrainingData() =>
    [
        "ted-rdf-mapping", "ted-xml-data-converter/development-notices/ted-xml", "ted-xml-data-converter/test-notices/ted-xml",
        "ted-rdf-conversion-pipeline", "eforms-sdk/examples/notices", "boamp-rdf", "boamp-api-jpbenga",
    ];

    public static Command Train()
    {
        var data = new Option<string[]>("--data") { Description = "notice files or folders (default: the shared corpora)" };
        var labels = new Option<string?>("--labels") { Description = "admin CSV of labelled lots (noticeId,lotId,social,reserved,green...)" };
        var output = new Option<string>("--out") { Description = "folder for model.zip and metrics.json", DefaultValueFactory = _ => "model" };
        var trainers = new Option<string[]>("--trainers") { Description = "trainers to compare (sdca, fasttree, lightgbm)" };
        var command = new Command("train", "Train the lot classifier on 70% of the notices and evaluate it on the other 30%") { data, labels, output, trainers };
        command.SetAction(result => RunTrain(result.GetValue(data) ?? [], result.GetValue(labels), result.GetValue(output)!, result.GetValue(trainers) is { Length: > 0 } t ? t : null));
        return command;
    }

    public static Command Eval()
    {
        var model = new Option<string>("--model") { Description = "folder holding model.zip", Required = true };
        var paths = new Argument<string[]>("PATH") { Description = "notice files or folders", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "one JSON object {label: {count, positives, precision, recall, f1, rocAuc, prAuc, top20Recall}}" };
        var command = new Command("eval", "Evaluate a model on notices, against what their buyers declared") { model, paths, json };
        command.SetAction(result => RunEval(result.GetValue(model)!, result.GetValue(paths)!, result.GetValue(json), Console.Out));
        return command;
    }

    public static Command Classify()
    {
        var model = new Option<string>("--model") { Description = "folder holding model.zip", DefaultValueFactory = _ => "model" };
        var paths = new Argument<string[]>("PATH") { Description = "notice files or folders", Arity = ArgumentArity.OneOrMore };
        var command = new Command("classify", "Print, per lot, the probabilities of a social clause, a reservation, an environmental clause, with reasons") { model, paths };
        command.SetAction(result => RunClassify(result.GetValue(model)!, result.GetValue(paths)!, Console.Out));
        return command;
    }

    public static List<LotRow> Rows(IEnumerable<string> paths, NoticeParser parser, TextWriter errors)
    {
        var notices = new List<Notice>();
        foreach (var file in InputFiles.Expand(paths, errors))
        {
            try { notices.AddRange(parser.Parse(file, File.ReadAllBytes(file)).Notices); }
            catch (NoticeParseException) { }
        }
        return TrainingSet.FromNotices(notices);
    }

    public static int RunTrain(string[] data, string? labelsFile, string outputFolder, IReadOnlyList<string>? trainers)
    {
        if (data.Length == 0) data = DefaultTrainingData().Select(BenchCommand.SharedDataPath).ToArray();
        var rows = Rows(data, new NoticeParser(), Console.Error);
        if (labelsFile is not null)
        {
            using var reader = new StreamReader(labelsFile);
            (rows, var problems) = TrainingSet.ApplyAdminLabels(rows, reader);
            foreach (var p in problems) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(labelsFile)}[/] {Markup.Escape(p)}");
        }
        var (train, test) = TrainingSet.SplitByNotice(rows);
        AnsiConsole.MarkupLine($"{rows.Count} lots: {train.Count} to train on, {test.Count} held apart (30% of notices)");
        var model = new LotClassifierTrainer().Train(train, TrainingSet.Hash(train), m => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(m)}[/]"), trainers);
        var evaluation = ModelEvaluation.Evaluate(model, test, train);

        Directory.CreateDirectory(outputFolder);
        using (var file = File.Create(Path.Combine(outputFolder, "model.zip"))) model.Save(file);
        File.WriteAllText(Path.Combine(outputFolder, "metrics.json"), JsonSerializer.Serialize(new { model.Info, evaluation = evaluation.Model, baseline = evaluation.Baseline }, LotModel.Json));
        Print(evaluation);
        AnsiConsole.MarkupLine($"model and metrics written to {Markup.Escape(Path.GetFullPath(outputFolder))}");
        return 0;
    }

    private static int RunEval(string modelFolder, string[] paths, bool json, TextWriter output)
    {
        var model = LoadModel(modelFolder);
        var rows = Rows(paths, new NoticeParser(), Console.Error);
        if (rows.Count == 0)
        {
            Console.Error.WriteLine("no lot to evaluate");
            return 2;
        }
        var evaluation = ModelEvaluation.Evaluate(model, rows);
        if (json) output.WriteLine(JsonSerializer.Serialize(evaluation.Model, LotRecord.Json));
        else Print(evaluation);
        return 0;
    }

    private static int RunClassify(string modelFolder, string[] paths, TextWriter output)
    {
        var settings = Settings.Load();
        var labels = CodeLabels.Load(settings.CodeListsPath);
        var model = LoadModel(modelFolder);
        var rows = Rows(paths, new NoticeParser(), Console.Error);
        var predictions = model.Predict(rows, labels);
        for (var i = 0; i < rows.Count; i++)
        {
            var key = rows[i].NoticeKey;
            output.WriteLine(JsonSerializer.Serialize(new
            {
                noticeId = key[(key.IndexOf('_') + 1)..],
                lotId = rows[i].LotId,
                social = Math.Round(predictions[i].Social, 4),
                reserved = Math.Round(predictions[i].Reserved, 4),
                green = Math.Round(predictions[i].Green, 4),
                reasons = predictions[i].Reasons,
            }, LotRecord.Json));
        }
        return rows.Count > 0 ? 0 : 2;
    }

    public static LotModel LoadModel(string folder)
    {
        var path = Directory.Exists(folder) ? Path.Combine(folder, "model.zip") : folder;
        if (!File.Exists(path)) throw new FileNotFoundException($"no model at {path}: run `clauses train --out {folder}` first");
        using var stream = File.OpenRead(path);
        return LotModel.Load(stream);
    }

    public static void Print(ModelEvaluation evaluation)
    {
        var table = new Table().AddColumns("Label", "Lots", "Positives", "Precision", "Recall", "F1", "ROC-AUC", "PR-AUC", "Top 20% recall", "Baseline ROC-AUC", "Baseline PR-AUC");
        foreach (var label in Labels.All)
        {
            var m = evaluation.Model[label];
            var b = evaluation.Baseline?.GetValueOrDefault(label);
            table.AddRow(label, $"{m.Count}", $"{m.Positives}", $"{m.Precision:F3}", $"{m.Recall:F3}", $"{m.F1:F3}", $"{m.RocAuc:F3}", $"{m.PrAuc:F3}", $"{m.Top20Recall:F3}",
                b is null ? "-" : $"{b.RocAuc:F3}", b is null ? "-" : $"{b.PrAuc:F3}");
        }
        AnsiConsole.Write(table);
    }
}

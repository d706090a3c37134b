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
    /// <summary>The shared corpora of real published notices (<see cref="TrainingCorpora.DefaultFolders"/>).</summary>
    public static string[] DefaultTrainingData() => TrainingCorpora.DefaultFolders;

    public static Command Train()
    {
        var data = new Option<string[]>("--data") { Description = "notice files or folders (default: the shared corpora)" };
        var labels = new Option<string?>("--labels") { Description = "admin CSV of labelled lots (noticeId,lotId,social,reserved,green...)" };
        var output = new Option<string>("--out") { Description = "folder for model.zip and metrics.json", DefaultValueFactory = _ => "model" };
        var trainers = new Option<string[]>("--trainers") { Description = "trainers to compare on the held-apart lots (sdca, lightgbm; default both); the engine serves sdca" };
        var exclude = new Option<string[]>("--exclude-features") { Description = "feature families left out, by name prefix (pays:, region:, dep:, ctx:, nlots:, regime:, acheteur:, activite:, valeur:, duree:, nature:, cpv:, lcpv:, m:, b:, gpp:, metier:, reserve:), of every head or of one (social=pays:); replaces the default: " + string.Join(' ', LotClassifierTrainer.DefaultExcludedFeatures), AllowMultipleArgumentsPerToken = true };
        var l2 = new Option<string[]>("--l2") { Description = "SDCA L2 penalties tried by grouped cross-validation, for every label (0.001) or one (reserved=0.001); auto = SDCA's own choice; the first is the reference (default: auto for social, 0.0003 for reserved and green)", AllowMultipleArgumentsPerToken = true };
        var shares = new Option<double[]>("--prior-shares") { Description = "shares of the public-knowledge prior tried by grouped cross-validation for every label; the first is the reference (default: 0.75 for social, 0.5 for reserved, 0.4 for green, fixed)", AllowMultipleArgumentsPerToken = true };
        var noticeShares = new Option<string[]>("--notice-shares") { Description = "share of the notice's mean score in a lot's score, per label (reserved=0.5 social=0); default: reserved 0.5, others 0", AllowMultipleArgumentsPerToken = true };
        var perNotice = new Option<int?>("--lots-per-notice") { Description = "each notice weighs at most this many lots in training (0: every lot weighs 1)" };
        var corpora = new Option<bool>("--no-corpus-evaluation") { Description = "skip the leave-one-corpus-out evaluation" };
        var command = new Command("train", "Train the lot classifier on 70% of the notices (grouped by procedure and buyer), evaluate it on the other 30%, and hold each corpus apart in turn") { data, labels, output, trainers, exclude, l2, shares, noticeShares, perNotice, corpora };
        command.SetAction(result =>
        {
            var trainer = new LotClassifierTrainer
            {
                ExcludedFeatures = result.GetValue(exclude) is { Length: > 0 } e ? e : LotClassifierTrainer.DefaultExcludedFeatures,
                L2Penalties = result.GetValue(l2) is { Length: > 0 } p ? L2Penalties(p) : null,
                PriorShareCandidates = result.GetValue(shares) is { Length: > 0 } s ? s : null,
                NoticeShares = result.GetValue(noticeShares) is { Length: > 0 } ns ? NoticeShares(ns) : null,
                LotsPerNotice = result.GetValue(perNotice) is { } n ? (n > 0 ? n : null) : LotClassifierTrainer.DefaultLotsPerNotice,
            };
            return RunTrain(result.GetValue(data) ?? [], result.GetValue(labels), result.GetValue(output)!, result.GetValue(trainers) is { Length: > 0 } t ? t : null,
                trainer: trainer, corpusEvaluation: !result.GetValue(corpora));
        });
        return command;
    }

    /// <summary>"0.001" (every label) and "reserved=0.0003" (one label) as penalties per label (labels not named: the default).</summary>
    internal static Func<string, IReadOnlyList<float?>> L2Penalties(string[] values)
    {
        float? Penalty(string v) => v == "auto" ? null
            : float.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x) && x > 0 ? x
            : throw new ArgumentException($"--l2: '{v}' is not a positive number or auto");
        var all = values.Where(v => !v.Contains('=')).Select(Penalty).ToList();
        var byLabel = values.Where(v => v.Contains('=')).Select(v => v.Split('=', 2)).GroupBy(
            p => Labels.All.Contains(p[0]) ? p[0] : throw new ArgumentException($"--l2: unknown label '{p[0]}' (social, reserved, green)"),
            p => Penalty(p[1])).ToDictionary(g => g.Key, g => (IReadOnlyList<float?>)g.ToList());
        return label => byLabel.TryGetValue(label, out var own) ? own : all.Count > 0 ? all : LotClassifierTrainer.DefaultL2Penalties(label);
    }

    /// <summary>"reserved=0.5" pairs as a share per label (labels not named: the default).</summary>
    private static Func<string, double> NoticeShares(string[] pairs)
    {
        var shares = pairs.Select(p => p.Split('=', 2)).ToDictionary(
            p => Labels.All.Contains(p[0]) ? p[0] : throw new ArgumentException($"--notice-shares: unknown label '{p[0]}' (social, reserved, green)"),
            p => p.Length == 2 && double.TryParse(p[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v is >= 0 and <= 1
                ? v : throw new ArgumentException($"--notice-shares: '{string.Join('=', p)}' is not label=share with a share from 0 to 1"));
        return label => shares.TryGetValue(label, out var share) ? share : LotClassifierTrainer.DefaultNoticeShares(label);
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

    /// <summary>
    /// Rows of the real published notices under the data paths (<see cref="TrainingCorpora.IsTrainingNotice"/>:
    /// SDK examples and converted files are left out even when the whole shared folder is given), each
    /// tagged with its corpus.
    /// </summary>
    public static List<LotRow> TrainingRows(IEnumerable<string> data, NoticeParser parser, TextWriter errors)
    {
        var notices = new List<Notice>();
        var corpusOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in data)
        {
            foreach (var file in InputFiles.Expand([argument], errors).Where(f => TrainingCorpora.IsTrainingNotice(f, argument)))
            {
                try
                {
                    var corpus = TrainingCorpora.CorpusOf(file, argument);
                    foreach (var notice in parser.Parse(file, File.ReadAllBytes(file)).Notices)
                    {
                        notices.Add(notice);
                        corpusOf.TryAdd($"{notice.Source}_{notice.NoticeId}", corpus);
                    }
                }
                catch (NoticeParseException) { }
            }
        }
        var rows = TrainingSet.FromNotices(notices);
        foreach (var row in rows) row.Corpus = corpusOf.GetValueOrDefault(row.NoticeKey, "");
        return rows;
    }

    public static int RunTrain(string[] data, string? labelsFile, string outputFolder, IReadOnlyList<string>? trainers, bool quiet = false, LotClassifierTrainer? trainer = null, bool corpusEvaluation = true)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (data.Length == 0) data = DefaultTrainingData().Select(BenchCommand.SharedDataPath).ToArray();
        var rows = TrainingRows(data, new NoticeParser(), Console.Error);
        if (labelsFile is not null)
        {
            using var reader = new StreamReader(labelsFile);
            (rows, var problems) = TrainingSet.ApplyAdminLabels(rows, reader);
            foreach (var p in problems) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(labelsFile)}[/] {Markup.Escape(p)}");
        }
        if (rows.Count == 0)
        {
            AnsiConsole.MarkupLine($"[red]no lot to train on[/] in {Markup.Escape(string.Join(", ", data))}: give folders or files of published notices (TED XML, eForms, BOAMP)");
            return 2;
        }
        void Say(string message)
        {
            if (!quiet) AnsiConsole.MarkupLine(message);
        }
        Say($"{rows.Count} lots of {rows.Select(r => r.NoticeKey).Distinct().Count()} notices: 70% of the groups of notices sharing a procedure or a buyer to train on, 30% held apart; then the model served, trained on all of them");
        if (trainer is null)
        {
            // The code lists of the shared data given, when no setting names them: the CPV labels' words are features.
            var labels = CodeLabels.Load(Settings.Load().CodeListsPath ?? CodeLabels.Near(data));
            if (labels.Warning is { } warning) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
            trainer = new LotClassifierTrainer(labels: labels);
        }
        var training = trainer.TrainMeasured(rows, m => Say($"[grey]{Markup.Escape(m)}[/]"));
        var (model, train, test, served) = (training.Measured, training.Train, training.Test, training.Served);
        Say($"measured on {test.Count} lots held apart after training on {train.Count}; served: trained on all {rows.Count}");
        var trainingTime = clock.Elapsed;
        var evaluation = training.Evaluation;
        var compared = new Dictionary<string, string>();
        if ((trainers ?? LotClassifierTrainer.AllTrainers).Contains(LotClassifierTrainer.LightGbm))
        {
            var reports = evaluation.Reports.ToDictionary(r => r.Key, r => r.Value);
            foreach (var label in Labels.All)
            {
                var kept = ModelEvaluation.Capped(test, label);
                var keptRows = kept.Select(i => test[i]).ToList();
                var scores = trainer.TreeScores(model, train, keptRows, label);
                var tree = ModelEvaluation.Bootstrap(scores, keptRows.Select(r => r.Label(label)).ToList(), keptRows.Select(r => r.NoticeKey).ToList(), LabelMetrics.RocAucOf);
                reports[label] = reports[label] with { TreeRocAuc = tree };
                var linear = reports[label].RocAuc;
                compared[label] = LotClassifierTrainer.Choose(linear.Value, linear.HalfWidth, tree.Value);
            }
            evaluation = evaluation with { Reports = reports };
        }

        var evaluationTime = clock.Elapsed - trainingTime;
        Directory.CreateDirectory(outputFolder);
        using (var file = File.Create(Path.Combine(outputFolder, "model.zip"))) served.Save(file);
        LeaveOneCorpusOut? outOfCorpus = null;
        if (corpusEvaluation && !quiet && rows.Select(r => r.Corpus).Where(c => c.Length > 0).Distinct().Count() > 1)
        {
            Say("[grey]leave-one-corpus-out: each corpus held apart whole, a model trained on the others[/]");
            outOfCorpus = LeaveOneCorpusOut.Evaluate(rows, trainer, m => Say($"[grey]{Markup.Escape(m)}[/]"));
        }
        File.WriteAllText(Path.Combine(outputFolder, "metrics.json"), JsonSerializer.Serialize(new { served.Info, evaluation = evaluation.Model, baseline = evaluation.Baseline, reports = evaluation.Reports, leaveOneCorpusOut = outOfCorpus, trainingSeconds = trainingTime.TotalSeconds }, LotModel.Json));
        if (quiet) return 0;
        Print(evaluation);
        PrintDetails(evaluation);
        if (outOfCorpus is not null) Print(outOfCorpus);
        foreach (var (label, choice) in compared.Where(c => c.Value != LotClassifierTrainer.Sdca))
        {
            AnsiConsole.MarkupLine($"[yellow]{label}: lightgbm beats sdca by more than the interval on this split; the engine serves sdca (linear heads give the reasons)[/]");
        }
        AnsiConsole.MarkupLine($"training (parse, featurise, three heads on the split, evaluation on the lots held apart, three heads on all lots) took {trainingTime.TotalSeconds:F1} s; trees compared {evaluationTime.TotalSeconds:F1} s; leave-one-corpus-out {(clock.Elapsed - trainingTime - evaluationTime).TotalSeconds:F1} s");
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
        // Intervals make the table wide: give it room when the output is a file or a pipe.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 220);
        var table = new Table().AddColumns("Label", "Lots", "Notices", "Positives", "ROC-AUC (95% CI)", "PR-AUC (95% CI)", "Top 20% recall", "Precision", "Recall", "Baseline ROC-AUC (95% CI)", "Baseline PR-AUC", "LightGbm ROC-AUC");
        foreach (var label in Labels.All)
        {
            var m = evaluation.Model[label];
            var b = evaluation.Baseline?.GetValueOrDefault(label);
            var r = evaluation.Reports.GetValueOrDefault(label);
            table.AddRow(label, $"{m.Count}", r is null ? "-" : $"{r.Notices}", $"{m.Positives}",
                r is null ? $"{m.RocAuc:F3}" : Format(r.RocAuc), r is null ? $"{m.PrAuc:F3}" : Format(r.PrAuc), $"{m.Top20Recall:F3}", $"{m.Precision:F3}", $"{m.Recall:F3}",
                r?.BaselineRocAuc is { } bi ? Format(bi) : b is null ? "-" : $"{b.RocAuc:F3}", b is null ? "-" : $"{b.PrAuc:F3}",
                r?.TreeRocAuc is { } t ? Format(t) : "-");
        }
        AnsiConsole.Write(table);
    }

    /// <summary>The leave-one-corpus-out table: per held-apart corpus and pooled, the model next to the naive Bayes baseline.</summary>
    public static void Print(LeaveOneCorpusOut evaluation)
    {
        var table = new Table().Title("Leave one corpus out: each corpus scored by a model trained on the others (reserved and social on contract and prior-information notices)")
            .AddColumns("Held-apart corpus", "Label", "Lots", "Notices", "Positives", "ROC-AUC (95% CI)", "PR-AUC", "Top 20% recall", "Baseline ROC-AUC (95% CI)", "Baseline PR-AUC");
        foreach (var r in evaluation.Corpora.Where(r => r.Positives > 0).Concat(Labels.All.Select(l => evaluation.Pooled[l])))
        {
            table.AddRow(Markup.Escape(r.Corpus), r.Label, $"{r.Lots}", $"{r.Notices}", $"{r.Positives}", Format(r.RocAuc), $"{r.PrAuc:F3}", $"{r.Top20Recall:F3}", Format(r.BaselineRocAuc), $"{r.BaselinePrAuc:F3}");
        }
        AnsiConsole.Write(table);
        var none = evaluation.Corpora.Where(r => r.Positives == 0).Select(r => $"{r.Corpus} ({r.Label}, {r.Lots} lots)").ToList();
        if (none.Count > 0) AnsiConsole.MarkupLine($"[grey]no positive, no ROC-AUC: {Markup.Escape(string.Join("; ", none))}[/]");
    }

    private static string Format(Interval i) => double.IsNaN(i.Low) ? $"{i.Value:F3}" : $"{i.Value:F3} ({i.Low:F3}-{i.High:F3})";

    /// <summary>French contract notices alone, and calibration by decile.</summary>
    public static void PrintDetails(ModelEvaluation evaluation)
    {
        var french = new Table().Title("French contract notices (held apart)").AddColumns("Label", "Lots", "Positives", "ROC-AUC (95% CI)", "PR-AUC", "Top 20% recall");
        foreach (var label in Labels.All)
        {
            if (evaluation.Reports.GetValueOrDefault(label) is not { } r) continue;
            var f = r.FrenchContractNotices;
            french.AddRow(label, $"{f.Count}", $"{f.Positives}", Format(r.FrenchRocAuc), $"{f.PrAuc:F3}", $"{f.Top20Recall:F3}");
        }
        AnsiConsole.Write(french);
        var calibration = new Table().Title("Calibration by decile of predicted probability: mean predicted / observed share of positives").AddColumn("Decile");
        foreach (var label in Labels.All) calibration.AddColumn(label);
        for (var d = 1; d <= 10; d++)
        {
            var cells = new List<string> { $"{d}" };
            foreach (var label in Labels.All)
            {
                var bin = evaluation.Reports.GetValueOrDefault(label)?.Calibration.FirstOrDefault(b => b.Decile == d);
                cells.Add(bin is null ? "-" : $"{bin.MeanPredicted:F3} / {bin.ObservedRate:F3} ({bin.Lots})");
            }
            calibration.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(calibration);
    }
}

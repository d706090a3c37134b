using System.CommandLine;
using System.Diagnostics;
using System.Xml;
using ClausesSociales.Notices;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses bench parse [PATH...]`: parse throughput on a corpus (default: the shared TED R2
/// corpus) next to a bare XmlReader pass over the same bytes, in memory, after a warm-up.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH") { Description = "notice files or folders (default: ../shared/data/ted-rdf-mapping)", Arity = ArgumentArity.ZeroOrMore };
        var rounds = new Option<int>("--rounds") { Description = "timed rounds over the corpus", DefaultValueFactory = _ => 20 };
        var parse = new Command("parse", "Parse throughput next to a bare XmlReader pass") { paths, rounds };
        parse.SetAction(result => Run(result.GetValue(paths) ?? [], result.GetValue(rounds)));
        var lots = new Option<int>("--lots") { Description = "lots to match", DefaultValueFactory = _ => 100_000 };
        var structures = new Option<string?>("--structures") { Description = "structures CSV (default: ../shared/data/structures/siae-2021.csv)" };
        var brute = new Option<int>("--brute-force-lots") { Description = "lots matched by brute force for the ratio", DefaultValueFactory = _ => 2_000 };
        var match = new Command("match", "Matching throughput with the index, next to a brute-force scan") { lots, structures, brute };
        match.SetAction(result => MatchBench.Run(result.GetValue(lots), result.GetValue(structures), result.GetValue(brute)));
        var classify = ClassifyBench.Create();
        var notices = new Option<int>("--notices") { Description = "notices made from the shared corpora", DefaultValueFactory = _ => 2_000 };
        var pipelineModel = new Option<string?>("--model") { Description = "folder holding model.zip (default: train one on the shared corpora)" };
        var json = new Option<bool>("--json") { Description = "print one JSON object" };
        var profile = new Option<bool>("--profile") { Description = "time every storage request: latency per kind in each fifth of a stage, Azurite's CPU next to ours" };
        var sequential = new Option<bool>("--sequential") { Description = "ingest every file first, then classify and match (default: streamed, each file's notices classified and matched as soon as stored)" };
        var withBoard = new Option<bool>("--board") { Description = "streamed: also index the lots board after matching, as clauses run does" };
        var pipeline = new Command("pipeline", "Ingest, classify and match N notices on a fresh in-memory Azurite: rates, round trips, memory") { notices, pipelineModel, json, profile, sequential, withBoard };
        pipeline.SetAction((result, ct) => PipelineBench.RunAsync(result.GetValue(notices), result.GetValue(pipelineModel), result.GetValue(json), result.GetValue(profile), result.GetValue(sequential), result.GetValue(withBoard), ct));
        var boardLots = new Option<int>("--lots") { Description = "lots stored", DefaultValueFactory = _ => 100_000 };
        var requests = new Option<int>("--requests") { Description = "board pages rendered", DefaultValueFactory = _ => 600 };
        var board = new Command("board", "Latency of a filtered lots board page with many stored lots, on Azurite") { boardLots, requests };
        board.SetAction((result, ct) => BoardBench.RunAsync(result.GetValue(boardLots), result.GetValue(requests), ct));
        return new Command("bench", "Throughput benchmarks") { parse, match, classify, pipeline, board, DecpBench.Create() };
    }

    public static int Run(string[] paths, int rounds)
    {
        if (paths.Length == 0) paths = [DefaultCorpus()];
        var corpus = InputFiles.Expand(paths, Console.Error)
            .Where(f => f.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
            .Select(File.ReadAllBytes).ToList();
        var bytes = corpus.Sum(c => (long)c.Length);
        var parser = new NoticeParser();

        // Warm up long enough for tiered compilation to settle on optimized code for both passes.
        var notices = 0;
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromSeconds(3))
        {
            notices = ParseAll(parser, corpus);
            ReadAll(corpus);
        }
        var (parseTime, readTime) = Measure(() => ParseAll(parser, corpus), () => ReadAll(corpus), rounds);

        var mb = bytes / 1_000_000.0;
        var table = new Table().AddColumns("Pass", "Files", "MB", "best ms / round", "notices/s", "MB/s");
        table.AddRow("ClausesSociales parse", $"{corpus.Count}", $"{mb:F1}", $"{parseTime.TotalMilliseconds:F0}", $"{notices / parseTime.TotalSeconds:F0}", $"{mb / parseTime.TotalSeconds:F1}");
        table.AddRow("bare XmlReader read", $"{corpus.Count}", $"{mb:F1}", $"{readTime.TotalMilliseconds:F0}", "-", $"{mb / readTime.TotalSeconds:F1}");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"ratio parse / bare read: [bold]{parseTime / readTime:F2}x[/] (target: within 3x)");
        return 0;
    }

    private static int ParseAll(NoticeParser parser, List<byte[]> corpus)
    {
        var n = 0;
        foreach (var file in corpus)
        {
            try { n += parser.Parse("bench.xml", file).Notices.Count; }
            catch (NoticeParseException) { }
        }
        return n;
    }

    private static long ReadAll(List<byte[]> corpus) => SafeXml.CountNodes(corpus);

    /// <summary>
    /// The best round of each pass, the two interleaved so that a busy machine slows both alike;
    /// the best round is the one least disturbed by other work.
    /// </summary>
    private static (TimeSpan A, TimeSpan B) Measure(Action a, Action b, int rounds)
    {
        var bestA = TimeSpan.MaxValue;
        var bestB = TimeSpan.MaxValue;
        for (var i = 0; i < Math.Max(1, rounds); i++)
        {
            var sw = Stopwatch.StartNew();
            a();
            bestA = Math.Min(bestA.Ticks, sw.Elapsed.Ticks) == bestA.Ticks ? bestA : sw.Elapsed;
            sw.Restart();
            b();
            bestB = Math.Min(bestB.Ticks, sw.Elapsed.Ticks) == bestB.Ticks ? bestB : sw.Elapsed;
        }
        return (bestA, bestB);
    }

    private static string DefaultCorpus() => SharedDataPath("ted-rdf-mapping");

    /// <summary>A folder of the shared data above the working folder.</summary>
    public static string SharedDataPath(string relative)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", relative);
                if (Directory.Exists(candidate) || File.Exists(candidate)) return candidate;
            }
        }
        throw new InvalidOperationException($"shared/data/{relative} was not found above the working folder or the program");
    }
}

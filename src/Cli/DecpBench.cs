using System.CommandLine;
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using ClausesSociales.Decp;
using ClausesSociales.Storage;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses bench decp --size-mb 100,1024`: builds DECP files of the given sizes at run time by
/// repeating the records of the shared 2022 sample with new ids (in a temporary folder, deleted
/// after), imports each one (into a private in-memory Azurite, or with --read-only through the
/// reader alone) and prints records/s and the peak memory of the process during each import, so
/// that memory can be compared across sizes.
/// </summary>
internal static partial class DecpBench
{
    public static Command Create()
    {
        var sizes = new Option<string>("--size-mb") { Description = "file sizes in MB, comma separated, smallest first", DefaultValueFactory = _ => "100,1024" };
        var readOnly = new Option<bool>("--read-only") { Description = "read and map the records without writing them to storage" };
        var sample = new Option<string?>("--sample") { Description = "DECP file whose records are repeated (default: ../shared/data/decp-2022/decp_test_2022.json)" };
        var command = new Command("decp", "DECP import throughput and peak memory on generated files of growing size") { sizes, readOnly, sample };
        command.SetAction((result, ct) => RunAsync(result.GetValue(sizes)!, result.GetValue(readOnly), result.GetValue(sample), ct));
        return command;
    }

    private static async Task<int> RunAsync(string sizeList, bool readOnly, string? sample, CancellationToken cancellationToken)
    {
        var sizes = sizeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        sample ??= BenchCommand.SharedDataPath(Path.Combine("decp-2022", "decp_test_2022.json"));
        var templates = Templates(await File.ReadAllTextAsync(sample, cancellationToken));
        var folder = Directory.CreateTempSubdirectory("decp-bench-");
        Azurite? azurite = null;
        try
        {
            DecpStore? store = null;
            if (!readOnly)
            {
                azurite = await Azurite.StartInMemoryAsync(cancellationToken);
                store = new DecpStore(ClausesStorage.FromConnectionString(azurite.ConnectionString));
            }
            var table = new Table().AddColumns("File MB", "Records", "Contracts", "Bad", "Seconds", "Records/s", "MB/s", "Peak managed heap MB", "Peak working set MB");
            var rows = new List<(long Mb, double Heap, double WorkingSet)>();
            var offset = 0L;
            foreach (var mb in sizes)
            {
                var file = Path.Combine(folder.FullName, $"decp-{mb}mb.json");
                var written = Generate(file, templates, mb * 1024 * 1024, ref offset);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var peak = new PeakMemory();
                var clock = Stopwatch.StartNew();
                long records, contracts, bad;
                await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
                {
                    if (store is not null)
                    {
                        var r = await store.ImportAsync(stream, cancellationToken: cancellationToken);
                        (records, contracts, bad) = (r.Records, r.Contracts, r.BadCount);
                    }
                    else
                    {
                        (records, contracts, bad) = (0, 0, 0);
                        var reader = new DecpReader(stream);
                        while (reader.Next() is { } item)
                        {
                            records++;
                            if (item.Contract is not null) contracts++; else bad++;
                        }
                    }
                }
                clock.Stop();
                peak.Stop();
                File.Delete(file);
                var seconds = clock.Elapsed.TotalSeconds;
                table.AddRow($"{written / 1024.0 / 1024:F0}", $"{records}", $"{contracts}", $"{bad}", $"{seconds:F1}", $"{records / seconds:F0}",
                    $"{written / 1024.0 / 1024 / seconds:F1}", $"{peak.Heap / 1024.0 / 1024:F1}", $"{peak.WorkingSet / 1024.0 / 1024:F1}");
                rows.Add((mb, peak.Heap, peak.WorkingSet));
            }
            AnsiConsole.Write(table);
            if (rows.Count >= 2)
            {
                AnsiConsole.MarkupLine($"file size x{(double)rows[^1].Mb / rows[0].Mb:F1}: peak managed heap x{rows[^1].Heap / rows[0].Heap:F2}, peak working set x{rows[^1].WorkingSet / rows[0].WorkingSet:F2} (bounded memory: close to 1)");
            }
            AnsiConsole.MarkupLine(readOnly ? "Mode: reader only (no storage)." : "Mode: import into a private in-memory Azurite (its own memory, in node, is not counted).");
            return 0;
        }
        finally
        {
            if (azurite is not null) await azurite.DisposeAsync();
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The raw text of each record of the sample's array of contracts, with the position of its id.</summary>
    private static List<string> Templates(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        using var stream = new MemoryStream(bytes);
        var offsets = DecpReader.Read(stream).Select(i => (int)i.Offset).ToList();
        var end = text.LastIndexOf(']');
        var byteEnd = Encoding.UTF8.GetByteCount(text.AsSpan(0, end));
        var templates = new List<string>();
        for (var i = 0; i < offsets.Count; i++)
        {
            var slice = Encoding.UTF8.GetString(bytes, offsets[i], (i + 1 < offsets.Count ? offsets[i + 1] : byteEnd) - offsets[i]).TrimEnd().TrimEnd(',').TrimEnd();
            if (RecordId().IsMatch(slice)) templates.Add(slice);
        }
        if (templates.Count == 0) throw new InvalidOperationException("the sample holds no record with an id");
        return templates;
    }

    /// <summary>Writes records until the file reaches <paramref name="bytes"/>, each with a new id; returns the size written.</summary>
    private static long Generate(string file, IReadOnlyList<string> templates, long bytes, ref long next)
    {
        using var writer = new StreamWriter(file, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("{\"marches\":{\"marche\":[\n");
        var first = true;
        while (writer.BaseStream.Length < bytes)
        {
            foreach (var template in templates)
            {
                if (!first) writer.Write(",\n");
                first = false;
                var id = $"B{next++:D12}";
                writer.Write(RecordId().Replace(template, $"\"id\": \"{id}\"", 1));
            }
            writer.Flush();
        }
        writer.Write("\n]}}\n");
        writer.Flush();
        return writer.BaseStream.Length;
    }

    [GeneratedRegex("\"id\"\\s*:\\s*\"[^\"]*\"")]
    private static partial Regex RecordId();

    /// <summary>Samples the managed heap and the working set every 50 ms while an import runs.</summary>
    private sealed class PeakMemory
    {
        private readonly Timer _timer;
        public long Heap, WorkingSet;

        public PeakMemory()
        {
            Sample();
            _timer = new Timer(_ => Sample(), null, 0, 50);
        }

        private void Sample()
        {
            var heap = GC.GetTotalMemory(false);
            var ws = Environment.WorkingSet;
            lock (this)
            {
                Heap = Math.Max(Heap, heap);
                WorkingSet = Math.Max(WorkingSet, ws);
            }
        }

        public void Stop()
        {
            _timer.Dispose();
            Sample();
        }
    }
}

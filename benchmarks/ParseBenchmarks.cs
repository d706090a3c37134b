using BenchmarkDotNet.Attributes;
using ClausesSociales.Notices;

namespace ClausesSociales.Benchmarks;

/// <summary>
/// Parsing the shared TED R2 corpus against a bare XmlReader pass over the same bytes
/// (the baseline): the ratio of the two means is the figure to keep within 3x.
/// Run: dotnet run -c Release --project benchmarks -- --filter '*ParseBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ParseBenchmarks
{
    private readonly NoticeParser _parser = new();
    private List<byte[]> _corpus = [];

    [GlobalSetup]
    public void Setup()
    {
        _corpus = Directory.EnumerateFiles(Corpus.Find("ted-rdf-mapping"), "*.xml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
    }

    [Benchmark(Baseline = true)]
    public long BareXmlReader() => SafeXml.CountNodes(_corpus);

    [Benchmark]
    public int ParseNotices()
    {
        var lots = 0;
        foreach (var file in _corpus) lots += _parser.Parse("bench.xml", file).Notices[0].Lots.Count;
        return lots;
    }
}

internal static class Corpus
{
    public static string Find(string folder)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", folder);
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException($"shared/data/{folder} not found above {AppContext.BaseDirectory}");
    }
}

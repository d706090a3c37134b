namespace ClausesSociales.Tests;

/// <summary>
/// The real public data in ../shared/data, read in place. A test that needs it fails loudly,
/// naming the missing folder, rather than passing without it.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static string EformsExample(string name) => Path("eforms-sdk", "examples", "notices", name + ".xml");

    public static IEnumerable<string> Files(string folder, string pattern = "*.xml") =>
        Directory.EnumerateFiles(Path(folder), pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ClausesSociales.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("ClausesSociales.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "data");
            if (File.Exists(System.IO.Path.Combine(candidate, "README.md"))) return candidate;
        }
        throw new InvalidOperationException(
            $"the shared data folder (../shared/data beside the repository) is missing above {AppContext.BaseDirectory}: the tests read real notices from it");
    }
}

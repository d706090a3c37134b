namespace ClausesSociales.Cli;

/// <summary>Expands the PATH arguments of a command: files as given, folders recursively in name order.</summary>
internal static class InputFiles
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths, TextWriter errors)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
            }
            else if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => !Path.GetFileName(f).StartsWith('.'))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                errors.WriteLine($"no such file or folder: {path}");
            }
        }
        return files;
    }
}

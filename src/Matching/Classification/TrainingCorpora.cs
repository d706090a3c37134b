namespace ClausesSociales.Classification;

/// <summary>
/// Which files of the training data are real published notices, and which corpus each comes from.
/// The eForms SDK examples (made up; one has 100 identical lots with every marker) and the eForms
/// files that ted-xml-data-converter derived from TED XML (with reservations the originals do not
/// have) serve the parser tests only: they are left out of training even when the whole shared
/// folder is given (`clauses train --data ../shared/data`). A corpus is what leave-one-corpus-out
/// evaluation holds apart whole: one publisher's sample of real notices.
/// </summary>
public static class TrainingCorpora
{
    /// <summary>The shared corpora of real published notices (folders of ../shared/data).</summary>
    public static readonly string[] DefaultFolders =
    [
        "ted-rdf-mapping", "ted-xml-data-converter/development-notices/ted-xml", "ted-xml-data-converter/test-notices/ted-xml",
        "ted-rdf-conversion-pipeline", "boamp-rdf", "boamp-api-jpbenga",
    ];

    /// <summary>Folders whose files are never training notices: made up, derived, or not notices at all.</summary>
    private static readonly string[] Excluded = ["/eforms-sdk/", "/eforms-xml/", "/decp-json/", "/decp-2022/", "/structures/", "/geo/", "/france-geojson/", "/decoupage-administratif-gem/"];

    /// <summary>The corpora of the shared data, by a folder their files sit in, most specific first.</summary>
    private static readonly (string Folder, string Corpus)[] Known =
    [
        ("/ted-rdf-mapping/test_data/sampling_2014_2022/", "ted-rdf-mapping R2 2014-2022"),
        ("/ted-rdf-mapping/test_data/sampling_2021/", "ted-rdf-mapping R2 2021"),
        ("/ted-rdf-mapping/", "ted-rdf-mapping packages"),
        ("/ted-xml-data-converter/", "ted-xml-data-converter TED XML"),
        ("/ted-rdf-conversion-pipeline/", "ted-rdf-conversion-pipeline eForms"),
        ("/boamp-rdf/", "BOAMP"),
        ("/boamp-api-jpbenga/", "BOAMP"),
    ];

    /// <summary>
    /// Whether a file found under the training data is a real published notice to learn from. The
    /// folders are looked for below the data argument's parent, so that a folder of one's own that
    /// happens to be called "geo" or "structures" above it does not hide its notices.
    /// </summary>
    public static bool IsTrainingNotice(string file, string? dataArgument = null)
    {
        var path = Normalised(file);
        if (dataArgument is not null && Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataArgument))) is { } parent)
        {
            var root = Normalised(parent).TrimEnd('/') + "/";
            if (path.StartsWith(root, StringComparison.Ordinal)) path = "/" + path[root.Length..];
        }
        return !Excluded.Any(e => path.Contains(e, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The corpus of a file: a known shared corpus, else the data argument it was found under.</summary>
    public static string CorpusOf(string file, string dataArgument)
    {
        var path = Normalised(file);
        foreach (var (folder, corpus) in Known)
        {
            if (path.Contains(folder, StringComparison.Ordinal)) return corpus;
        }
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataArgument));
        return name.Length > 0 ? name : dataArgument;
    }

    private static string Normalised(string file) => "/" + Path.GetFullPath(file).Replace('\\', '/').TrimStart('/');
}

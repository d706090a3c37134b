using System.Xml;

namespace ClausesSociales.CodeLists;

/// <summary>
/// French labels of the eForms code lists (CPV, NUTS, marker codes), read at run time from a
/// folder laid out like the eForms SDK (<c>translations/code_fr.xml</c>). Without that folder codes
/// are shown bare and <see cref="Warning"/> says where to point the setting.
/// </summary>
public sealed class CodeLabels
{
    public const string SettingName = "ClausesSociales:CodeListsPath";

    private readonly Dictionary<string, string> _labels;
    private readonly HashSet<string> _lists;

    private CodeLabels(Dictionary<string, string> labels, string? folder, string? warning)
    {
        _labels = labels;
        _lists = labels.Keys.Select(k => k[..k.IndexOf('.')]).ToHashSet(StringComparer.Ordinal);
        Folder = folder;
        Warning = warning;
    }

    public string? Folder { get; }

    /// <summary>Why labels are missing, or null when they were loaded.</summary>
    public string? Warning { get; }

    public int Count => _labels.Count;

    /// <summary>The French label of a code in a list ("cpv", "nuts", "reserved-procurement"...), or null.</summary>
    public string? Label(string list, string? code) =>
        code is null ? null : _labels.GetValueOrDefault($"{list}.{code}");

    /// <summary>Every code of a list with its label ("cpv": the 9,454 CPV codes).</summary>
    public IEnumerable<(string Code, string Label)> Codes(string list) =>
        _labels.Where(l => l.Key.Length > list.Length && l.Key[list.Length] == '.' && l.Key.StartsWith(list, StringComparison.Ordinal)).Select(l => (l.Key[(list.Length + 1)..], l.Value));

    /// <summary>Whether the labels cover a code list, so that a code missing from it is unknown.</summary>
    public bool HasList(string list) => _lists.Contains(list);

    public string Cpv(string? code) => code is null ? "" : Label("cpv", code) is { } l ? $"{code} {l}" : code;

    public static CodeLabels Load(string? folder)
    {
        folder ??= FindDefault();
        if (folder is null)
        {
            return new CodeLabels([], null,
                $"code labels not found: set {SettingName} (environment ClausesSociales__CodeListsPath) to an eForms SDK folder holding translations/code_fr.xml; codes are shown bare");
        }
        var file = Path.Combine(folder, "translations", "code_fr.xml");
        if (!File.Exists(file))
        {
            return new CodeLabels([], folder, $"code labels not found: {file} does not exist; set {SettingName} to an eForms SDK folder holding translations/code_fr.xml; codes are shown bare");
        }
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        // The file is a Java properties XML with a DOCTYPE line; the DTD is ignored, never fetched.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(file, settings);
        const string prefix = "code|name|";
        while (reader.ReadToFollowing("entry"))
        {
            var key = reader.GetAttribute("key");
            if (key is null || !key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var name = key[prefix.Length..];
            if (name.Contains('.')) labels[name] = French(reader.ReadElementContentAsString());
        }
        return new CodeLabels(labels, folder, null);
    }

    /// <summary>A label with French punctuation: a few labels of the file write "entreprises: droit" or "électriques; éclairage", without the space French puts before ":" and ";".</summary>
    private static string French(string label) =>
        System.Text.RegularExpressions.Regex.Replace(label, @"(?<=\S)([:;])(?=\s)", "\u00A0$1");

    /// <summary>
    /// The eForms SDK folder of the shared data a command was given (<c>--data ../shared/data</c>, or
    /// one of its folders): the first path, or parent of a path, holding eforms-sdk/translations/code_fr.xml.
    /// </summary>
    public static string? Near(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(path)); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "eforms-sdk");
                if (File.Exists(Path.Combine(candidate, "translations", "code_fr.xml"))) return candidate;
            }
        }
        return null;
    }

    /// <summary>The shared eForms SDK folder beside the repository, when the process runs inside it.</summary>
    private static string? FindDefault()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "eforms-sdk");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}

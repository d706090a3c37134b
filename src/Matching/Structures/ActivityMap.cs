using System.Reflection;

namespace ClausesSociales.Structures;

/// <summary>
/// NAF code -> CPV prefixes a structure can deliver, from the documented mapping file
/// <c>Structures/naf-cpv.csv</c> (embedded), or from an admin's own file laid out the same way.
/// </summary>
public sealed class ActivityMap
{
    private readonly Dictionary<string, (IReadOnlyList<string> Cpv, bool Workforce, string Label)> _byNaf;

    private ActivityMap(Dictionary<string, (IReadOnlyList<string>, bool, string)> byNaf) => _byNaf = byNaf;

    public static ActivityMap Default { get; } = Load(Embedded());

    public int Count => _byNaf.Count;

    /// <summary>The CPV prefixes of a NAF code by its longest known prefix; Workforce when the code says "supplies labour" rather than a trade.</summary>
    public (IReadOnlyList<string> Cpv, bool Workforce, string? Label) For(string? naf)
    {
        var code = Normalize(naf);
        if (_byNaf.TryGetValue(code, out var exact)) return exact;
        for (var length = code.Length - 1; length >= 2; length--)
        {
            if (_byNaf.TryGetValue(code[..length], out var entry)) return entry;
        }
        return ([], false, null);
    }

    public static string Normalize(string? naf) => new((naf ?? "").Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());

    public static ActivityMap Load(TextReader reader)
    {
        var map = new Dictionary<string, (IReadOnlyList<string>, bool, string)>(StringComparer.Ordinal);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (!line.StartsWith('#')) lines.Add(line);
        }
        foreach (var (line, fields) in Csv.Read(new StringReader(string.Join("\n", lines))).Skip(1))
        {
            if (fields.Length < 4) throw new FormatException($"NAF-CPV mapping line {line}: expected naf,cpv,label,fit");
            var cpv = fields[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
            if (cpv.Count == 0 || cpv.Any(c => c.Length < 2 || !c.All(char.IsAsciiDigit))) throw new FormatException($"NAF-CPV mapping line {line}: bad CPV prefixes '{fields[1]}'");
            map[Normalize(fields[0])] = (cpv, fields[3].Trim() == "workforce", fields[2]);
        }
        return new ActivityMap(map);
    }

    private static StreamReader Embedded() =>
        new(Assembly.GetExecutingAssembly().GetManifestResourceStream("naf-cpv.csv") ?? throw new InvalidOperationException("naf-cpv.csv is not embedded"));
}

using System.Reflection;
using System.Text.RegularExpressions;

namespace ClausesSociales.Geography;

/// <summary>
/// The project's reference table of French departments (code, name, region, NUTS 3, centroid),
/// embedded in the assembly from <c>Geography/departments.csv</c>.
/// </summary>
public sealed partial class FrenchGeography
{
    public static FrenchGeography Instance { get; } = Load();

    private readonly Dictionary<string, Department> _byCode;
    private readonly Dictionary<string, Department> _byNuts3;

    private FrenchGeography(IReadOnlyList<Department> departments)
    {
        Departments = departments;
        _byCode = departments.ToDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);
        _byNuts3 = departments.ToDictionary(d => d.Nuts3, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Department> Departments { get; }

    public Department? ByCode(string code) => _byCode.GetValueOrDefault(NormalizeCode(code));

    public Department? ByNuts3(string nuts) => _byNuts3.GetValueOrDefault(nuts.Trim());

    /// <summary>
    /// The department a place code stands for: a NUTS 3 code (FR106), a department code (93, 2A, 971)
    /// or a French postal code (93200). Null when it names no single department.
    /// </summary>
    public Department? Resolve(string? place)
    {
        if (string.IsNullOrWhiteSpace(place)) return null;
        place = place.Trim();
        if (place.StartsWith("FR", StringComparison.OrdinalIgnoreCase)) return ByNuts3(place);
        if (PostalCode().IsMatch(place)) return FromPostalCode(place);
        return ByCode(place);
    }

    /// <summary>Department codes written as "(59)" or "59 -" or "Argonay (74)" in free text.</summary>
    public IEnumerable<Department> FindInText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        foreach (Match m in DepartmentInText().Matches(text))
        {
            var code = m.Groups["code"].Value;
            var d = code.Length == 5 ? FromPostalCode(code) : ByCode(code);
            if (d is not null) yield return d;
        }
    }

    private Department? FromPostalCode(string postalCode)
    {
        // Corsica's postal codes start with 20; overseas ones with 97x.
        if (postalCode.StartsWith("97", StringComparison.Ordinal)) return ByCode(postalCode[..3]);
        if (postalCode.StartsWith("20", StringComparison.Ordinal))
        {
            return ByCode(string.CompareOrdinal(postalCode, "20200") < 0 ? "2A" : "2B");
        }
        return ByCode(postalCode[..2]);
    }

    private static string NormalizeCode(string code)
    {
        code = code.Trim();
        return code.Length == 1 && char.IsAsciiDigit(code[0]) ? "0" + code : code;
    }

    private static FrenchGeography Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("departments.csv")
            ?? throw new InvalidOperationException("departments.csv is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        var departments = new List<Department>();
        reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            departments.Add(new Department(f[0], f[1], f[2], f[3], f[4],
                double.Parse(f[5], System.Globalization.CultureInfo.InvariantCulture),
                double.Parse(f[6], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return new FrenchGeography(departments);
    }

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex PostalCode();

    [GeneratedRegex(@"\((?<code>\d{2,3}|2[AB]|\d{5})\)|^(?<code>\d{2}|2[AB])\s*[-–]|\b(?<code>\d{5})\b", RegexOptions.IgnoreCase)]
    private static partial Regex DepartmentInText();
}

using System.Globalization;

namespace ClausesSociales.Territories;

/// <summary>How a place (a buyer's area, a place of performance) stands to a territory.</summary>
public enum Membership
{
    /// <summary>Wholly inside the territory.</summary>
    Inside,

    /// <summary>Larger than the territory or across its border (a department of which the territory is a part): the published place is too coarse to say.</summary>
    Overlaps,

    Outside,

    /// <summary>The place is not known.</summary>
    Unknown,
}

/// <summary>
/// A territory read from a specification: <c>DEP:80</c>, <c>REG:32</c>, <c>EPCI:200037059,200070928</c>,
/// <c>COM:80620,80001</c>, or several parts joined by <c>;</c> (a PETR, a "pays"), resolved to its communes.
/// </summary>
public sealed record Territory(string Spec, string Name, IReadOnlySet<string> Communes, IReadOnlyList<Epci> Epcis, IReadOnlyList<string> Departments, IReadOnlyList<string> Regions)
{
    /// <summary>The departments every commune of which is in the territory.</summary>
    public IReadOnlyList<string> WholeDepartments { get; init; } = [];

    public static Territory Parse(string spec, AdministrativeSplit split, string? name = null)
    {
        var communes = new HashSet<string>(StringComparer.Ordinal);
        var epcis = new List<Epci>();
        var names = new List<string>();
        foreach (var part in spec.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.IndexOf(':');
            if (colon <= 0) throw new FormatException($"territory part '{part}': expected KIND:codes (DEP, REG, EPCI or COM)");
            var kind = part[..colon].Trim().ToUpperInvariant();
            var codes = part[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (codes.Length == 0) throw new FormatException($"territory part '{part}' names no code");
            foreach (var code in codes)
            {
                switch (kind)
                {
                    case "DEP":
                        var d = split.Departments.GetValueOrDefault(code.Length == 1 ? "0" + code : code.ToUpperInvariant()) ?? throw new FormatException($"unknown department '{code}'");
                        communes.UnionWith(split.CommunesOfDepartment(d.Code).Select(c => c.Code));
                        names.Add($"{d.Name} ({d.Code})");
                        break;
                    case "REG":
                        var r = split.Regions.GetValueOrDefault(code) ?? throw new FormatException($"unknown region '{code}'");
                        communes.UnionWith(split.CommunesOfRegion(r.Code).Select(c => c.Code));
                        names.Add(r.Name);
                        break;
                    case "EPCI":
                        var e = split.Epci(code) ?? throw new FormatException($"unknown EPCI SIREN '{code}'");
                        communes.UnionWith(e.Members);
                        epcis.Add(e);
                        names.Add(e.Name);
                        break;
                    case "COM":
                        var c = split.Commune(code) ?? throw new FormatException($"unknown commune INSEE code '{code}'");
                        communes.Add(c.Code);
                        names.Add(c.Name);
                        break;
                    default:
                        throw new FormatException($"territory part '{part}': unknown kind '{kind}' (DEP, REG, EPCI or COM)");
                }
            }
        }
        if (communes.Count == 0) throw new FormatException("the territory has no commune");
        var inside = communes.Select(split.Commune).OfType<Commune>().ToList();
        // EPCI named one by one or not, those whose members are all inside belong to the territory.
        foreach (var e in split.Epcis)
        {
            if (!epcis.Contains(e) && e.Members.Count > 0 && e.Members.All(communes.Contains)) epcis.Add(e);
        }
        var departments = inside.Select(c => c.Department).Distinct().Order(StringComparer.Ordinal).ToList();
        var regions = inside.Select(c => c.Region).Distinct().Order(StringComparer.Ordinal).ToList();
        var whole = departments.Where(d => split.CommunesOfDepartment(d).All(c => communes.Contains(c.Code))).ToList();
        return new Territory(spec, name ?? string.Join(", ", names), communes, epcis, departments, regions) { WholeDepartments = whole };
    }

    /// <summary>How an area given by its communes stands to the territory; empty: unknown.</summary>
    public Membership Of(IReadOnlyCollection<string> area)
    {
        if (area.Count == 0) return Membership.Unknown;
        var inside = 0;
        foreach (var c in area) if (Communes.Contains(c)) inside++;
        return inside == area.Count ? Membership.Inside : inside > 0 ? Membership.Overlaps : Membership.Outside;
    }

    /// <summary>The territory's population (municipal population of its communes).</summary>
    public int Population(AdministrativeSplit split) => Communes.Sum(c => split.Commune(c)?.Population ?? 0);

    internal static string Fold(string text)
    {
        var decomposed = text.Normalize(System.Text.NormalizationForm.FormD);
        var chars = decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            .Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ').ToArray();
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}

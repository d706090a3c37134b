using System.Text.RegularExpressions;

namespace ClausesSociales.Territories;

/// <summary>Where a buyer or a place of performance is, as a set of communes, with how it was found (in French, for the report).</summary>
public sealed record Place(IReadOnlyList<string> Communes, string Label, string How)
{
    public static readonly Place Unknown = new([], "inconnu", "non déterminé");

    public bool IsKnown => Communes.Count > 0;
}

/// <summary>
/// Resolves buyers and places of performance to communes. A buyer is found by its SIREN (the first
/// 9 digits of its SIRET: communes and EPCI are buyers themselves), else by a name that can only
/// mean one department, region or commune ("Département de la Seine-Saint-Denis", "Ville de Paris —
/// Jeunesse et Sports"); nothing else is guessed.
/// </summary>
public sealed partial class PlaceResolver(AdministrativeSplit split)
{
    private readonly Dictionary<string, AdministrativeArea> _departmentsByName = split.Departments.Values.ToDictionary(d => Territory.Fold(d.Name));
    private readonly Dictionary<string, AdministrativeArea> _regionsByName = split.Regions.Values.ToDictionary(r => Territory.Fold(r.Name));
    private readonly Dictionary<string, Place> _buyers = new(StringComparer.Ordinal);
    private readonly Lazy<ILookup<string, Commune>> _communesByName = new(() => split.Communes.ToLookup(c => Territory.Fold(c.Name), StringComparer.Ordinal));

    public AdministrativeSplit Split => split;

    public Place Buyer(string? identifier, string? name)
    {
        var key = $"{identifier}|{name}";
        lock (_buyers)
        {
            if (_buyers.TryGetValue(key, out var known)) return known;
            var place = ResolveBuyer(identifier, name);
            _buyers[key] = place;
            return place;
        }
    }

    private Place ResolveBuyer(string? identifier, string? name)
    {
        var digits = new string((identifier ?? "").Where(char.IsAsciiDigit).ToArray());
        if (digits.Length >= 9)
        {
            var siren = digits[..9];
            if (split.CommuneBySiren(siren) is { } commune) return new Place([commune.Code], $"{commune.Name} ({commune.Department})", $"SIREN {siren} : commune");
            if (split.Epci(siren) is { } epci) return new Place(epci.Members, epci.Name, $"SIREN {siren} : EPCI");
        }
        if (name is not null)
        {
            var folded = Territory.Fold(name);
            if (DepartmentName().Match(folded) is { Success: true } d && _departmentsByName.GetValueOrDefault(d.Groups["name"].Value) is { } department)
            {
                return new Place(split.CommunesOfDepartment(department.Code).Select(c => c.Code).ToList(), $"Département {department.Name}", "nom de l'acheteur : département");
            }
            if (RegionName().Match(folded) is { Success: true } r && _regionsByName.GetValueOrDefault(r.Groups["name"].Value) is { } region)
            {
                return new Place(split.CommunesOfRegion(region.Code).Select(c => c.Code).ToList(), $"Région {region.Name}", "nom de l'acheteur : région");
            }
            if (CommuneName().Match(folded) is { Success: true } m && NamedCommune(m.Groups["name"].Value) is { } town)
            {
                return new Place([town.Code], $"{town.Name} ({town.Department})", "nom de l'acheteur : commune");
            }
        }
        return Place.Unknown;
    }

    /// <summary>
    /// The one commune the words after "Ville de" name, its service's name after it ("Ville de Paris —
    /// Jeunesse et Sports": Paris): the longest run of first words that names a commune, and only if
    /// no other commune has that name (two Saint-Denis name none).
    /// </summary>
    private Commune? NamedCommune(string words)
    {
        if (words.StartsWith("du ", StringComparison.Ordinal)) words = "le " + words[3..];
        else if (words.StartsWith("des ", StringComparison.Ordinal)) words = "les " + words[4..];
        var parts = words.Split(' ');
        for (var n = parts.Length; n > 0; n--)
        {
            var found = _communesByName.Value[string.Join(' ', parts[..n])].ToList();
            if (found.Count > 0) return found.Count == 1 ? found[0] : null;
        }
        return null;
    }

    /// <summary>The commune of an address: its postal code, and the city's name when the postal code serves several communes.</summary>
    public Commune? Commune(string? postalCode, string? city)
    {
        if (string.IsNullOrWhiteSpace(postalCode)) return null;
        var communes = split.CommunesWithPostalCode(postalCode.Trim());
        if (communes.Count == 1) return communes[0];
        if (city is null) return null;
        var name = Territory.Fold(city);
        var named = communes.Where(c => Territory.Fold(c.Name) == name).ToList();
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>A place of performance given as department codes (what notices give).</summary>
    public Place Departments(IReadOnlyList<string> departments)
    {
        var communes = departments.SelectMany(split.CommunesOfDepartment).Select(c => c.Code).ToList();
        return communes.Count == 0 ? Place.Unknown : new Place(communes, "département " + string.Join(", ", departments), "lieu d'exécution : département");
    }

    /// <summary>A DECP <c>lieuExecution</c>: code and type of code (postal code, commune, department, region).</summary>
    public Place Decp(string? code, string? typeCode)
    {
        if (string.IsNullOrWhiteSpace(code)) return Place.Unknown;
        code = code.Trim();
        var type = Territory.Fold(typeCode ?? "");
        if (type.Contains("postal", StringComparison.Ordinal))
        {
            var communes = split.CommunesWithPostalCode(code);
            return communes.Count == 0 ? Place.Unknown : new Place(communes.Select(c => c.Code).ToList(), $"code postal {code}", "lieu d'exécution : code postal");
        }
        if (type.Contains("commune", StringComparison.Ordinal))
        {
            return split.Commune(code) is { } c ? new Place([c.Code], c.Name, "lieu d'exécution : commune") : Place.Unknown;
        }
        if (type.Contains("departement", StringComparison.Ordinal)) return Departments([code.Length == 1 ? "0" + code : code.ToUpperInvariant()]);
        if (type.Contains("region", StringComparison.Ordinal))
        {
            var communes = split.CommunesOfRegion(code).Select(c => c.Code).ToList();
            return communes.Count == 0 ? Place.Unknown : new Place(communes, $"région {code}", "lieu d'exécution : région");
        }
        return Place.Unknown;
    }

    [GeneratedRegex(@"^(?:conseil departemental|departement|collectivite departementale)(?: de la| de l| du| des| de| d)? (?<name>.+)$")]
    private static partial Regex DepartmentName();

    [GeneratedRegex(@"^(?:conseil regional|region)(?: de la| de l| du| des| de| d)? (?<name>.+)$")]
    private static partial Regex RegionName();

    // "Mairie du Raincy" names Le Raincy: the article goes with "du", kept as "le" for the lookup.
    [GeneratedRegex(@"^(?:ville|mairie|commune)(?: de| d)? (?<name>.+)$")]
    private static partial Regex CommuneName();
}

using System.Text.Json;
using System.Text.Json.Serialization;
using ClausesSociales.Storage;

namespace ClausesSociales.Territories;

/// <summary>A current commune (INSEE code), with its SIREN, postal codes, population and EPCI.</summary>
public sealed record Commune(string Code, string Name, string? Siren, string Department, string Region, IReadOnlyList<string> PostalCodes, int Population, string? Epci);

/// <summary>An EPCI (métropole, communauté urbaine, d'agglomération or de communes), named by its SIREN.</summary>
public sealed record Epci(string Code, string Name, string Type, IReadOnlyList<string> Members);

/// <summary>A department or region: code and name (and for a department, its region).</summary>
public sealed record AdministrativeArea(string Code, string Name, string? Region);

/// <summary>
/// The official administrative split of France, from npm <c>@etalab/decoupage-administratif</c>
/// (MIT, INSEE's Code officiel géographique and the DGCL's EPCI list), loaded once per process.
/// </summary>
public sealed class AdministrativeSplit
{
    public const string Package = "@etalab/decoupage-administratif";

    private static readonly Lazy<AdministrativeSplit> Shared = new(() => Load(ToolPackages.Folder(Package, Path.Combine("data", "communes.json"))));

    /// <summary>The split installed in tools/node_modules, loaded on first use.</summary>
    public static AdministrativeSplit Instance => Shared.Value;

    private readonly Dictionary<string, Commune> _communes;
    private readonly Dictionary<string, Commune> _communeBySiren;
    private readonly Dictionary<string, Epci> _epcis;
    private readonly Dictionary<string, List<Commune>> _byPostalCode;
    private readonly Dictionary<string, List<Commune>> _byDepartment;

    private AdministrativeSplit(IReadOnlyList<Commune> communes, IReadOnlyList<Epci> epcis, IReadOnlyList<AdministrativeArea> departments, IReadOnlyList<AdministrativeArea> regions)
    {
        Communes = communes;
        Epcis = epcis;
        Departments = departments.ToDictionary(d => d.Code);
        Regions = regions.ToDictionary(r => r.Code);
        DepartmentRegions = departments.Where(d => d.Region is not null).ToDictionary(d => d.Code, d => d.Region!);
        _communes = communes.ToDictionary(c => c.Code);
        _communeBySiren = communes.Where(c => c.Siren is not null).GroupBy(c => c.Siren!).ToDictionary(g => g.Key, g => g.First());
        _epcis = epcis.ToDictionary(e => e.Code);
        _byPostalCode = communes.SelectMany(c => c.PostalCodes.Select(p => (p, c))).GroupBy(x => x.p).ToDictionary(g => g.Key, g => g.Select(x => x.c).ToList());
        _byDepartment = communes.GroupBy(c => c.Department).ToDictionary(g => g.Key, g => g.ToList());
    }

    public IReadOnlyList<Commune> Communes { get; }
    public IReadOnlyList<Epci> Epcis { get; }
    public IReadOnlyDictionary<string, AdministrativeArea> Departments { get; }
    public IReadOnlyDictionary<string, AdministrativeArea> Regions { get; }

    /// <summary>Each department's region code (the departments a report's map draws around a territory).</summary>
    public IReadOnlyDictionary<string, string> DepartmentRegions { get; }

    public Commune? Commune(string code) => _communes.GetValueOrDefault(code);
    public Commune? CommuneBySiren(string siren) => _communeBySiren.GetValueOrDefault(siren);
    public Epci? Epci(string siren) => _epcis.GetValueOrDefault(siren);
    public IReadOnlyList<Commune> CommunesWithPostalCode(string postalCode) => _byPostalCode.GetValueOrDefault(postalCode) ?? [];
    public IReadOnlyList<Commune> CommunesOfDepartment(string department) => _byDepartment.GetValueOrDefault(department) ?? [];
    public IEnumerable<Commune> CommunesOfRegion(string region) => Communes.Where(c => c.Region == region);

    public static AdministrativeSplit Load(string packageFolder)
    {
        var data = Path.Combine(packageFolder, "data");
        var epcis = Read<EpciJson>(Path.Combine(data, "epci.json"))
            .Select(e => new Epci(e.Code, e.Nom, e.Type ?? "", e.Membres?.Select(m => m.Code).ToList() ?? []))
            .ToList();
        var epciOf = new Dictionary<string, string>();
        foreach (var e in epcis) foreach (var m in e.Members) epciOf.TryAdd(m, e.Code);
        var communes = Read<CommuneJson>(Path.Combine(data, "communes.json"))
            .Where(c => c.Type == "commune-actuelle" && c.Departement is not null)
            .Select(c => new Commune(c.Code, c.Nom, c.Siren, c.Departement!, c.Region ?? "", c.CodesPostaux ?? [], c.Population ?? 0, epciOf.GetValueOrDefault(c.Code)))
            .ToList();
        var departments = Read<AreaJson>(Path.Combine(data, "departements.json")).Select(d => new AdministrativeArea(d.Code, d.Nom, d.Region)).ToList();
        var regions = Read<AreaJson>(Path.Combine(data, "regions.json")).Select(r => new AdministrativeArea(r.Code, r.Nom, null)).ToList();
        return new AdministrativeSplit(communes, epcis, departments, regions);
    }

    private static List<T> Read<T>(string file)
    {
        using var stream = File.OpenRead(file);
        return JsonSerializer.Deserialize<List<T>>(stream, JsonOptions) ?? throw new InvalidDataException($"{file} holds no list");
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record CommuneJson(string Code, string Nom, string? Type, string? Siren, string? Departement, string? Region,
        [property: JsonPropertyName("codesPostaux")] List<string>? CodesPostaux, int? Population);

    private sealed record EpciJson(string Code, string Nom, string? Type, List<MemberJson>? Membres);

    private sealed record MemberJson(string Code);

    private sealed record AreaJson(string Code, string Nom, string? Region);
}

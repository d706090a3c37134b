using ClausesSociales.Geography;
using ClausesSociales.Structures;

namespace ClausesSociales.Matching;

/// <summary>
/// Structures indexed by CPV prefix and department, so that a lot only meets the structures that
/// do its kind of work near its place: (prefix, department) -> structures working within a
/// radius, and prefix -> structures whose area is a list of departments or regions, or France.
/// </summary>
public sealed class StructureIndex
{
    /// <summary>Structures working within at most this radius are indexed by department; wider ones are searched for every lot.</summary>
    public const double LocalRadiusKm = 100;

    /// <summary>
    /// A structure within <see cref="LocalRadiusKm"/> of a department's centre is indexed under a
    /// department whose centre is at most twice that far (its own nearest centre is no farther
    /// from it than that centre), so the lot searches departments within twice the radius.
    /// </summary>
    public const double NeighbourhoodKm = 2 * LocalRadiusKm;

    private readonly Dictionary<(string Prefix, string Department), List<int>> _local = [];
    private readonly Dictionary<string, List<int>> _wide = [];
    private readonly Dictionary<string, List<int>> _byPrefix = [];
    private readonly Dictionary<string, string[]> _neighbours;

    public StructureIndex(IReadOnlyList<Structure> structures, FrenchGeography geography)
    {
        Structures = structures;
        Geography = geography;
        for (var i = 0; i < structures.Count; i++)
        {
            var s = structures[i];
            var wide = s.Area.RadiusKm is null || s.Area.RadiusKm > LocalRadiusKm;
            // Under its own department (same-department matches) and under the department whose centre is nearest to it.
            var nearest = geography.Departments.MinBy(d => GeoMath.DistanceKm(s.Latitude, s.Longitude, d.Latitude, d.Longitude))!.Code;
            foreach (var prefix in s.Activities.Select(Prefix).Distinct())
            {
                Add(_byPrefix, prefix, i);
                if (wide)
                {
                    Add(_wide, prefix, i);
                    continue;
                }
                Add(_local, (prefix, s.Department), i);
                if (nearest != s.Department) Add(_local, (prefix, nearest), i);
            }
        }
        _neighbours = geography.Departments.ToDictionary(
            d => d.Code,
            d => geography.Departments.Where(o => GeoMath.DistanceKm(d.Latitude, d.Longitude, o.Latitude, o.Longitude) <= NeighbourhoodKm).Select(o => o.Code).ToArray());
    }

    public IReadOnlyList<Structure> Structures { get; }

    public FrenchGeography Geography { get; }

    /// <summary>Structures that may fit a lot: same activity prefix, and near its departments unless the lot is national or unplaced.</summary>
    public IEnumerable<int> Candidates(IEnumerable<string> cpvCodes, LotPlace place)
    {
        var seen = new HashSet<int>();
        var departments = place.Scope == PlaceScope.Local
            ? place.Departments.SelectMany(d => _neighbours.GetValueOrDefault(d.Code, [d.Code])).Distinct().ToArray()
            : [];
        foreach (var cpv in cpvCodes)
        {
            for (var length = 2; length <= cpv.Length; length++)
            {
                var prefix = cpv[..length];
                if (place.Scope == PlaceScope.Local)
                {
                    foreach (var d in departments)
                    {
                        if (_local.TryGetValue((prefix, d), out var local)) foreach (var i in local) if (seen.Add(i)) yield return i;
                    }
                    if (_wide.TryGetValue(prefix, out var wide)) foreach (var i in wide) if (seen.Add(i)) yield return i;
                }
                else if (_byPrefix.TryGetValue(prefix, out var all))
                {
                    foreach (var i in all) if (seen.Add(i)) yield return i;
                }
            }
        }
    }

    private static string Prefix(string activity) => activity.TrimStart(StructureCsvImporter.Workforce[0]);

    private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int i) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(i);
    }
}

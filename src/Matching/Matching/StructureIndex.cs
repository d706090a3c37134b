using ClausesSociales.Geography;
using ClausesSociales.Structures;

namespace ClausesSociales.Matching;

/// <summary>
/// Structures indexed by CPV prefix and department, so that a lot only meets the structures that
/// do its kind of work within their reach of its place: department -> prefix -> structures working
/// within a radius that reaches that department (its own department, or its centre within the
/// radius, as <see cref="LotMatcher"/> measures proximity), and prefix -> structures whose area is
/// a list of departments or regions, France, or a radius wider than <see cref="LocalRadiusKm"/>.
/// Each structure's activities are also kept parsed, ready for scoring.
/// </summary>
public sealed class StructureIndex
{
    /// <summary>Structures working within at most this radius are indexed by department; wider ones are searched for every lot.</summary>
    public const double LocalRadiusKm = 100;

    private readonly Dictionary<string, List<int>>[] _local;
    private readonly Dictionary<string, List<int>> _wide = [];
    private readonly Dictionary<string, List<int>> _byPrefix = [];
    private readonly Dictionary<string, int> _departmentIndex;
    private readonly ThreadLocal<(int[] Stamps, int Generation)> _scratch;

    public StructureIndex(IReadOnlyList<Structure> structures, FrenchGeography geography)
    {
        Structures = structures;
        Geography = geography;
        var departments = geography.Departments;
        _departmentIndex = departments.Select((d, i) => (d.Code, i)).ToDictionary(x => x.Code, x => x.i);
        _local = departments.Select(_ => new Dictionary<string, List<int>>()).ToArray();
        Activities = new Activity[structures.Count][];
        Capacities = structures.Select(s => (double)s.YearlyCapacity).ToArray();
        for (var i = 0; i < structures.Count; i++)
        {
            var s = structures[i];
            Activities[i] = s.Activities.Select(a => Activity.Parse(a)).ToArray();
            var radius = s.Area.RadiusKm ?? double.PositiveInfinity;
            var wide = s.Area.National || s.Area.Departments.Count > 0 || s.Area.Regions.Count > 0 || radius > LocalRadiusKm;
            // Under its own department (same-department matches) and every department whose centre is within its radius.
            var reached = wide ? [] : Enumerable.Range(0, departments.Count)
                .Where(d => departments[d].Code == s.Department || LotMatcher.DistanceKm(s, departments[d]) <= radius)
                .ToArray();
            foreach (var prefix in Activities[i].Select(a => a.Prefix).Distinct())
            {
                Add(_byPrefix, prefix, i);
                if (wide) Add(_wide, prefix, i);
                foreach (var d in reached) Add(_local[d], prefix, i);
            }
        }
        _scratch = new ThreadLocal<(int[], int)>(() => (new int[structures.Count], 0));
    }

    public IReadOnlyList<Structure> Structures { get; }

    public FrenchGeography Geography { get; }

    /// <summary>Each structure's activities, parsed: CPV prefix and whether it is labour supply.</summary>
    internal Activity[][] Activities { get; }

    /// <summary>A CPV prefix, also as a number of <see cref="Length"/> digits for fast comparison with a lot's truncated codes.</summary>
    internal readonly record struct Activity(string Prefix, int Value, int Length, bool Workforce)
    {
        public static Activity Parse(string activity)
        {
            var workforce = activity.StartsWith(StructureCsvImporter.Workforce, StringComparison.Ordinal);
            var prefix = workforce ? activity[1..] : activity;
            return new Activity(prefix, int.Parse(prefix, System.Globalization.CultureInfo.InvariantCulture), prefix.Length, workforce);
        }
    }

    /// <summary>Each structure's yearly capacity in euros, read once from its size band.</summary>
    internal double[] Capacities { get; }

    /// <summary>Structures that may fit a lot: same activity prefix, and near its departments unless the lot is national or unplaced.</summary>
    public List<int> Candidates(IReadOnlyList<string> cpvCodes, LotPlace place)
    {
        var (stamps, generation) = _scratch.Value;
        generation++;
        if (generation == int.MaxValue)
        {
            Array.Clear(stamps);
            generation = 1;
        }
        _scratch.Value = (stamps, generation);

        var result = new List<int>();
        void Take(List<int> list)
        {
            foreach (var i in list)
            {
                if (stamps[i] == generation) continue;
                stamps[i] = generation;
                result.Add(i);
            }
        }

        var departments = new List<int>();
        if (place.Scope == PlaceScope.Local)
        {
            foreach (var d in place.Departments)
            {
                if (_departmentIndex.TryGetValue(d.Code, out var di) && !departments.Contains(di)) departments.Add(di);
            }
        }
        foreach (var cpv in cpvCodes)
        {
            for (var length = 2; length <= cpv.Length; length++)
            {
                var prefix = cpv[..length];
                if (place.Scope == PlaceScope.Local)
                {
                    foreach (var d in departments)
                    {
                        if (_local[d].TryGetValue(prefix, out var local)) Take(local);
                    }
                    if (_wide.TryGetValue(prefix, out var wide)) Take(wide);
                }
                else if (_byPrefix.TryGetValue(prefix, out var all))
                {
                    Take(all);
                }
            }
        }
        return result;
    }

    private static void Add(Dictionary<string, List<int>> map, string key, int i)
    {
        if (!map.TryGetValue(key, out var list)) map[key] = list = [];
        list.Add(i);
    }
}

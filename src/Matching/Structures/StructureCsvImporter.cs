using System.Globalization;
using ClausesSociales.Geography;

namespace ClausesSociales.Structures;

/// <summary>
/// Reads structures from the SIAE directory export (siret,name,brand,kind,legal_form,naf,address,
/// post_code,city,department,latitude,longitude,employees,website) or from the generic layout for
/// ESAT, EA, SCOP, SCIC and associations, which adds two optional columns:
/// <c>activities</c> (CPV prefixes separated by spaces, added to those of the NAF code) and
/// <c>area</c> ("30km", "dep:93,94", "reg:11" or "national"). Columns are found by header name.
/// Every row is accepted or rejected with its line number and reason. A structure already stored
/// keeps what its row does not give (a file of SIRET, name and kind updates those, and wipes nothing).
/// </summary>
public sealed class StructureCsvImporter(ActivityMap activities, FrenchGeography geography)
{
    public StructureCsvImporter() : this(ActivityMap.Default, FrenchGeography.Instance)
    {
    }

    /// <param name="stored">The structures already in the table, by SIRET: a row for one of them keeps what the file does not give
    /// (address, post code, town, size, NAF code, coordinates in the same department, area), rather than wiping it.</param>
    public StructureImport Read(TextReader reader, IReadOnlyDictionary<string, Structure>? stored = null)
    {
        var rows = Csv.Read(reader).GetEnumerator();
        if (!rows.MoveNext()) throw new FormatException("the structures file is empty");
        var header = rows.Current.Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        int Col(params string[] names) => Array.FindIndex(header, h => names.Contains(h));
        var c = new
        {
            Siret = Col("siret"), Name = Col("name", "nom", "raison_sociale"), Brand = Col("brand", "enseigne"), Kind = Col("kind", "type", "kind_of_structure"),
            Naf = Col("naf", "code_naf", "ape"), Address = Col("address", "adresse"), PostCode = Col("post_code", "code_postal", "postcode"),
            City = Col("city", "ville", "commune"), Department = Col("department", "departement"), Lat = Col("latitude", "lat"), Lon = Col("longitude", "lon", "lng"),
            Employees = Col("employees", "effectif", "tranche_effectif"), Activities = Col("activities", "activites", "cpv"), Area = Col("area", "zone", "perimetre"),
        };
        var missing = new[] { ("siret", c.Siret), ("name", c.Name), ("kind", c.Kind) }.Where(x => x.Item2 < 0).Select(x => x.Item1).ToList();
        if (missing.Count > 0) throw new FormatException($"the structures file has no column {string.Join(", ", missing)} (header: {string.Join(",", header)})");

        var accepted = new Dictionary<string, Structure>(StringComparer.Ordinal);
        var rejected = new List<RejectedRow>();
        var notes = new List<RejectedRow>();
        while (rows.MoveNext())
        {
            var (line, f) = rows.Current;
            string Get(int i) => i >= 0 && i < f.Length ? f[i].Trim() : "";
            var siret = Siret.Normalize(Get(c.Siret));
            if (!Siret.IsValid(siret)) { rejected.Add(new(line, siret, $"invalid SIRET '{Get(c.Siret)}' (14 digits with a valid check digit)")); continue; }
            var name = Get(c.Brand) is { Length: > 0 } brand ? brand : Get(c.Name);
            if (name.Length == 0) { rejected.Add(new(line, siret, "no name")); continue; }
            if (!StructureKinds.TryParse(Get(c.Kind), out var kind)) { rejected.Add(new(line, siret, $"unknown kind '{Get(c.Kind)}' (expected ACI, AI, EI, ETTI, EITI, GEIQ, ESAT, EA, SCOP, SCIC or Association)")); continue; }

            var department = geography.ByCode(Get(c.Department)) ?? geography.Resolve(Get(c.PostCode));
            if (department is null) { rejected.Add(new(line, siret, $"unknown department '{Get(c.Department)}' and post code '{Get(c.PostCode)}'")); continue; }
            // What is stored for the structure, where the file is silent. Its place (address, post code, town,
            // coordinates) goes as one: kept only when the row gives none of it and the department is the same.
            var known = stored?.GetValueOrDefault(siret);
            var placeGiven = new[] { c.Address, c.PostCode, c.City, c.Lat, c.Lon }.Any(i => Get(i).Length > 0);
            var knownHere = known is not null && known.Department == department.Code && !placeGiven ? known : null;

            double lat, lon;
            var hasLat = double.TryParse(Get(c.Lat), NumberStyles.Float, CultureInfo.InvariantCulture, out lat);
            var hasLon = double.TryParse(Get(c.Lon), NumberStyles.Float, CultureInfo.InvariantCulture, out lon);
            if (knownHere is not null)
            {
                (lat, lon) = (knownHere.Latitude, knownHere.Longitude);
            }
            else if (Get(c.Lat).Length == 0 && Get(c.Lon).Length == 0)
            {
                (lat, lon) = (department.Latitude, department.Longitude);
                notes.Add(new(line, siret, $"no coordinates: placed at the centre of department {department.Code}"));
            }
            else if (!hasLat || !hasLon || lat is < -90 or > 90 || lon is < -180 or > 180)
            {
                rejected.Add(new(line, siret, $"invalid coordinates '{Get(c.Lat)}', '{Get(c.Lon)}'"));
                continue;
            }
            else if (GeoMath.DistanceKm(lat, lon, department.Latitude, department.Longitude) is var d && d > 250)
            {
                rejected.Add(new(line, siret, $"coordinates {lat:F4}, {lon:F4} are {d:F0} km from department {department.Code} ({department.Name})"));
                continue;
            }

            var naf = ActivityMap.Normalize(Get(c.Naf));
            if (naf.Length == 0 && known?.Naf is { } knownNaf) naf = knownNaf;
            var (cpv, workforce, _) = activities.For(naf);
            if (cpv.Count == 0 && activities.For(kind.ToString()) is { Cpv.Count: > 0 } typical)
            {
                // Only the typical activities of the kind are known: counted as labour supply.
                (cpv, workforce) = (typical.Cpv, true);
                notes.Add(new(line, siret, naf.Length == 0 ? $"no NAF code: typical activities of an {kind} assumed" : $"NAF '{naf}' is not in the mapping: typical activities of an {kind} assumed"));
            }
            var declared = Get(c.Activities).Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries).ToList();
            if (declared.Any(a => a.Length < 2 || !a.All(char.IsAsciiDigit))) { rejected.Add(new(line, siret, $"activities '{Get(c.Activities)}' are not CPV prefixes")); continue; }
            var list = declared.Select(a => a).Concat(cpv.Select(p => workforce ? Workforce + p : p)).Distinct().ToList();
            if (list.Count == 0) notes.Add(new(line, siret, $"NAF '{Get(c.Naf)}' maps to no activity: the structure matches no lot until activities are added"));

            var area = known?.Area ?? ServiceArea.Radius(kind.DefaultRadiusKm());
            if (Get(c.Area).Length > 0 && !ServiceArea.TryParse(Get(c.Area), out area)) { rejected.Add(new(line, siret, $"area '{Get(c.Area)}' is not '30km', 'dep:93,94', 'reg:11' or 'national'")); continue; }

            if (accepted.ContainsKey(siret)) notes.Add(new(line, siret, "SIRET seen on an earlier line: this line replaces it"));
            accepted[siret] = new Structure(siret, name, kind, naf.Length == 0 ? null : naf,
                knownHere?.Address ?? NullIfEmpty(Get(c.Address)), knownHere?.PostalCode ?? NullIfEmpty(Get(c.PostCode)), knownHere?.City ?? NullIfEmpty(Get(c.City)),
                department.Code, lat, lon, NullIfEmpty(Get(c.Employees)) ?? known?.SizeBand, list, area);
        }
        return new StructureImport(accepted.Values.ToList(), rejected, notes);
    }

    /// <summary>Activities that come from a generic NAF code (labour supply) carry this mark and fit less.</summary>
    public const string Workforce = "~";

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}

public sealed record RejectedRow(int Line, string Siret, string Reason);

public sealed record StructureImport(IReadOnlyList<Structure> Structures, IReadOnlyList<RejectedRow> Rejected, IReadOnlyList<RejectedRow> Notes);

using System.Text;
using ClausesSociales.CodeLists;
using ClausesSociales.Geography;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// The fields a structure's alert subscription is made of, shared by the subscribe and the manage
/// pages: frequency, sectors (CPV divisions ticked from their French labels, never typed codes)
/// and area (the directory's, 30 km, its department, its region, all France). Reading them back
/// accepts only what the form offered.
/// </summary>
public static class SubscriptionForm
{
    public const int MaxSectors = 40;

    public static readonly IReadOnlyList<(string Value, string Label)> Frequencies =
    [
        ("immediate", "Immédiate (dès qu'un lot est publié)"),
        ("daily", "Quotidienne"),
        ("weekly", "Hebdomadaire"),
    ];

    /// <summary>The area choices of a structure: value ("" = the directory's own area) and French label.</summary>
    public static IReadOnlyList<(string Value, string Label)> Areas(StructureEntity structure)
    {
        var department = FrenchGeography.Instance.ByCode(structure.Department);
        var areas = new List<(string, string)> { ("", $"Zone indiquée dans l'annuaire : {Describe(structure.Area)}"), ("30km", $"30 km autour {(string.IsNullOrWhiteSpace(structure.City) ? "de votre adresse" : Plurals.De(structure.City))}") };
        if (department is not null)
        {
            areas.Add(($"dep:{department.Code}", $"Votre département : {department.InFrench()}"));
            areas.Add(($"reg:{department.RegionCode}", $"Votre région : {department.RegionName}"));
        }
        areas.Add(("national", "Toute la France"));
        return areas;
    }

    /// <summary>A stored area in French.</summary>
    public static string Describe(string? area) => Structures.ServiceArea.TryParse(area, out var parsed) ? parsed.InFrench() : "non précisée";

    /// <summary>
    /// The lots a structure receives without choosing a sector, from the activities the directory
    /// holds for it (its NAF code's, or its kind's typical ones, and those it declared): "D'après votre
    /// activité (code NAF 8130Z), les alertes portent déjà sur les lots de : Réalisation et entretien d'espaces verts ; …".
    /// </summary>
    public static string MainActivity(CodeLabels labels, StructureEntity structure)
    {
        const int Shown = 6;
        var names = (structure.Activities ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(a => labels.Label("cpv", a.TrimStart(Structures.StructureCsvImporter.Workforce[0]).PadRight(8, '0')))
            .OfType<string>().Distinct().ToList();
        if (names.Count == 0) return "Aucune activité n'est connue pour votre structure : choisissez ci-dessous les secteurs des lots à recevoir.";
        var naf = structure.Naf is { Length: > 0 } code ? $" (code NAF {code})" : "";
        var more = names.Count > Shown ? $" ; et {Plurals.Count(names.Count - Shown, "autre", "autres")}" : "";
        return $"D'après votre activité{naf}, les alertes portent déjà sur les lots de : {string.Join(" ; ", names.Take(Shown))}{more}.";
    }

    public static string Fields(CodeLabels labels, StructureEntity structure, string frequency, IReadOnlyCollection<string> sectors, string area)
    {
        var html = new StringBuilder();
        html.Append("<fieldset><legend>Fréquence des alertes</legend>");
        foreach (var (value, label) in Frequencies) html.Append(Choice("radio", "frequency", value, label, value == frequency));
        html.Append("</fieldset>");
        html.Append("<fieldset><legend>Zone où vous pouvez intervenir</legend>");
        foreach (var (value, label) in Areas(structure)) html.Append(Choice("radio", "area", value, label, value == area));
        html.Append("</fieldset>");
        // Folded: on a phone the forty-odd divisions would push the buttons far down; the summary tells how many are chosen.
        html.Append("<fieldset class=\"sectors\"><legend>Autres secteurs suivis</legend>");
        html.Append($"<p class=\"meta\">{Html.E(MainActivity(labels, structure))}</p>");
        var chosen = CpvDivisions.All(labels).Where(d => sectors.Contains(d.Code)).Select(d => d.Label).ToList();
        if (chosen.Count > 0) html.Append($"<p class=\"meta\">Secteurs choisis : {Html.E(string.Join(" ; ", chosen))}</p>");
        html.Append($"<details><summary>Choisir des secteurs (facultatif{(sectors.Count > 0 ? $", {Plurals.Count(sectors.Count, "choisi", "choisis")}" : "")})</summary><div class=\"checks\">");
        // The chosen ones first, so that a phone shows them without scrolling through the list.
        foreach (var (code, label) in CpvDivisions.All(labels).OrderBy(d => !sectors.Contains(d.Code))) html.Append(Choice("checkbox", "sectors", code, label, sectors.Contains(code)));
        html.Append("</div></details></fieldset>");
        return html.ToString();
    }

    /// <summary>Reads the posted choices; null values with the French errors when a choice was not offered.</summary>
    public static (string Frequency, IReadOnlyList<string> Sectors, string Area, List<string> Errors) Read(WebRequest request, CodeLabels labels, StructureEntity structure)
    {
        var errors = new List<string>();
        var frequency = request.Field("frequency");
        if (!Frequencies.Any(f => f.Value == frequency)) errors.Add("Choisissez la fréquence des alertes.");
        var offered = CpvDivisions.All(labels).Select(d => d.Code).ToHashSet();
        var sectors = request.Fields("sectors").Distinct().ToList();
        if (sectors.Count > MaxSectors || sectors.Any(s => !offered.Contains(s))) errors.Add("Choisissez les secteurs dans la liste proposée.");
        var area = request.Field("area");
        if (!Areas(structure).Any(a => a.Value == area)) errors.Add("Choisissez la zone dans la liste proposée.");
        return (frequency, sectors, area, errors);
    }

    public static string Choice(string type, string name, string value, string label, bool isChecked)
    {
        var id = $"{name}-{(value.Length == 0 ? "defaut" : value.Replace(':', '-'))}";
        return $"<div class=\"choice\"><input type=\"{type}\" id=\"{Html.E(id)}\" name=\"{name}\" value=\"{Html.E(value)}\"{(isChecked ? " checked" : "")}><label for=\"{Html.E(id)}\">{Html.E(label)}</label></div>";
    }

    public static string Errors(IReadOnlyList<string> errors) => errors.Count == 0 ? ""
        : $"<div class=\"errors\" role=\"alert\"><p>Le formulaire n'a pas été enregistré :</p><ul>{string.Concat(errors.Select(e => $"<li>{Html.E(e)}</li>"))}</ul></div>";

    /// <summary>The action of a form posting back to a signed link: the path and the link's exp and token.</summary>
    public static string SignedAction(string path, WebRequest request) =>
        $"{path}?exp={Uri.EscapeDataString(request.QueryValue("exp"))}&token={Uri.EscapeDataString(request.QueryValue("token"))}";
}

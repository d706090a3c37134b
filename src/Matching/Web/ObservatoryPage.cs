using System.Globalization;
using System.Text;
using ClausesSociales.CodeLists;
using ClausesSociales.Observatory;
using ClausesSociales.Storage;
using ClausesSociales.Territories;

namespace ClausesSociales.Web;

/// <summary>
/// The observatory for territorial facilitators (<c>/observatoire</c>): a form to choose a
/// department or a region and a period, then the territory's report, the one `clauses observatory`
/// writes (what its buyers publish, reserve and miss, the local ESS supply), built from the stored
/// lots, structures and awarded contracts. A GET that reads only.
/// </summary>
public sealed class ObservatoryPage(ClausesStorage storage, CodeLabels labels, TimeProvider clock)
{
    public const string Path = "/observatoire";

    /// <summary>The longest period a report covers: it reads every stored lot of the period.</summary>
    public const int MaxYears = 5;

    private static readonly Lazy<FranceMap?> Map = new(() => FranceMap.FindDefault() is { } file ? new FranceMap(file) : null);

    public async Task<WebPage> HandleAsync(IReadOnlyDictionary<string, string?> query, CancellationToken cancellationToken)
    {
        string? Value(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var split = AdministrativeSplit.Instance;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var problems = new List<string>();
        var (department, region) = (Value("dep"), Value("reg"));
        if (department is not null && !IsDepartment(department)) { problems.Add("Département inconnu."); department = null; }
        if (region is not null && !IsRegion(region)) { problems.Add("Région inconnue."); region = null; }
        DateOnly Date(string name, DateOnly fallback)
        {
            if (Value(name) is not { } text) return fallback;
            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
            problems.Add($"Date « {text} » invalide (AAAA-MM-JJ).");
            return fallback;
        }
        var from = Date("du", today.AddYears(-1));
        var to = Date("au", today);
        if (department is not null && region is not null) problems.Add("Choisissez un département ou une région, pas les deux : remettez l'autre liste sur « — ».");
        if (to < from) problems.Add("La fin de la période précède son début.");
        else if (from.AddYears(MaxYears) < to) problems.Add($"La période dépasse {MaxYears} ans : choisissez-en une plus courte.");
        // The report's "Autre territoire ou période" comes back to the form filled with its choices.
        if (department is null && region is null || problems.Count > 0 || Value("modifier") is not null)
        {
            if (problems.Count == 0 && (query.ContainsKey("dep") || query.ContainsKey("reg"))) problems.Add("Choisissez un département ou une région.");
            return Form(department, region, from, to, problems, problems.Count == 0 ? 200 : 400);
        }
        var territory = Territory.Parse(department is not null ? $"DEP:{department}" : $"REG:{region}", split);
        var inputs = await ObservatoryInputs.LoadAsync(storage, from, to, cancellationToken);
        var figures = new ObservatoryBuilder(new PlaceResolver(split), labels, clock).Build(territory, from, to, inputs);
        var back = $"{Path}?modifier=1&{(department is not null ? "dep=" + Uri.EscapeDataString(department) : "reg=" + Uri.EscapeDataString(region!))}"
            + $"&du={from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}&au={to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        return new WebPage(200, ObservatoryReport.Html(figures, Map.Value, split.DepartmentRegions, back));
    }

    private static WebPage Form(string? department, string? region, DateOnly from, DateOnly to, IReadOnlyList<string> problems, int status)
    {
        var split = AdministrativeSplit.Instance;
        var body = new StringBuilder("<p>Pour un département ou une région et une période : ce que les acheteurs du territoire publient, les clauses sociales et les réservations qu'ils déclarent, les occasions manquées, et l'offre des structures de l'économie sociale et solidaire. Le rapport s'imprime ou s'enregistre en PDF depuis le navigateur.</p>");
        foreach (var problem in problems) body.Append($"<p class=\"errors\" role=\"alert\">{Html.E(problem)}</p>");
        body.Append($"<form class=\"filters\" method=\"get\" action=\"{Path}\">");
        body.Append("<div><label for=\"dep\">Département</label><select id=\"dep\" name=\"dep\"><option value=\"\">—</option>");
        foreach (var d in split.Departments.Values.Where(d => IsDepartment(d.Code)).OrderBy(d => d.Code, StringComparer.Ordinal)) body.Append(Option(d.Code, $"{d.Code} {d.Name}", department));
        body.Append("</select></div><div><label for=\"reg\">ou région</label><select id=\"reg\" name=\"reg\"><option value=\"\">—</option>");
        foreach (var r in split.Regions.Values.Where(r => IsRegion(r.Code)).OrderBy(r => r.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), false))) body.Append(Option(r.Code, r.Name, region));
        body.Append("</select></div>");
        body.Append($"<div><label for=\"du\">Publiés du</label><input id=\"du\" name=\"du\" type=\"date\" value=\"{Html.E(from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}\"></div>");
        body.Append($"<div><label for=\"au\">au</label><input id=\"au\" name=\"au\" type=\"date\" value=\"{Html.E(to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))}\"></div>");
        body.Append("<div><button type=\"submit\">Voir le rapport</button></div></form>");
        return new WebPage(status, Page("Observatoire des territoires", body.ToString()));
    }

    /// <summary>
    /// The 101 departments and 18 regions: the overseas collectivities the official split also lists
    /// (Saint-Pierre-et-Miquelon, Wallis-et-Futuna, Clipperton...) have no department the notices and
    /// the directory place structures in.
    /// </summary>
    private static bool IsDepartment(string code) => AdministrativeSplit.Instance.Departments.ContainsKey(code) && Geography.FrenchGeography.Instance.ByCode(code)?.Code == code;

    private static bool IsRegion(string code) => AdministrativeSplit.Instance.Regions.ContainsKey(code) && Geography.FrenchGeography.Instance.Departments.Any(d => d.RegionCode == code);

    private static string Option(string value, string label, string? selected) =>
        $"<option value=\"{Html.E(value)}\"{(value == selected ? " selected" : "")}>{Html.E(label)}</option>";

    /// <summary>A page of the "/observatoire" section of the site's header.</summary>
    private static string Page(string title, string body, bool estimates = false) => Html.Page(title, body, estimates, section: Path);
}

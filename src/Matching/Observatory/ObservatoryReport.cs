using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ClausesSociales.Structures;
using static ClausesSociales.Observatory.SvgCharts;

namespace ClausesSociales.Observatory;

/// <summary>
/// The report of a territory, in French: one self-contained HTML file (inline CSS and SVG, no script,
/// no external resource, A4 print layout, every value escaped, links only to http(s) addresses),
/// figures.json with every figure, and figures.csv (one line per figure).
/// </summary>
public static class ObservatoryReport
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    public static void Write(ObservatoryFigures figures, FranceMap? map, IReadOnlyDictionary<string, string> departmentRegions, string folder)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "report.html"), Html(figures, map, departmentRegions), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "figures.json"), JsonSerializer.Serialize(figures, Json), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "figures.csv"), Csv(figures), new UTF8Encoding(false));
    }

    /// <param name="back">Served on the site: a link above the title to choose another territory or period (a local path).</param>
    public static string Html(ObservatoryFigures f, FranceMap? map, IReadOnlyDictionary<string, string> departmentRegions, string? back = null)
    {
        var t = f.Territory;
        var sb = new StringBuilder();
        sb.Append($$"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Observatoire territorial — {{E(t.Name)}}</title>
            <style>
            @page { size: A4; margin: 14mm 12mm; }
            body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 12px; color: #222; max-width: 190mm; margin: 0 auto; }
            h1 { font-size: 20px; margin: 0 0 4px; color: #1f3a5f; } h2 { font-size: 15px; color: #1f3a5f; border-bottom: 2px solid #1f3a5f; padding-bottom: 2px; margin-top: 18px; }
            h3 { font-size: 13px; margin: 10px 0 4px; }
            .meta { color: #555; } .kpis { display: flex; gap: 8px; flex-wrap: wrap; margin: 10px 0; } .pair { display: flex; gap: 16px; }
            .kpi { border: 1px solid #ccd; border-radius: 4px; padding: 6px 10px; min-width: 110px; } .kpi b { display: block; font-size: 18px; color: #1f3a5f; }
            table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; } th, td { border-bottom: 1px solid #dde; padding: 3px 4px; text-align: left; vertical-align: top; }
            th { background: #f0f3f7; } td.n, th.n { text-align: right; white-space: nowrap; }
            section, .missed, svg { page-break-inside: avoid; break-inside: avoid; } svg { max-width: 100%; height: auto; }
            .missed { border: 1px solid #e3e6ea; border-radius: 4px; padding: 6px 8px; margin: 6px 0; } .missed ul { margin: 2px 0 2px 16px; padding: 0; }
            .note { color: #555; font-size: 11px; } .empty { color: #777; font-style: italic; } .communes { font-size: 10px; color: #444; columns: 3; }
            a { color: #1f5f9f; }
            @media screen and (max-width: 640px) {
              body { font-size: 14px; padding: 0 12px; } .kpi { flex: 1 1 40%; min-width: 0; }
              /* Tables fit the width, their words broken where they must; charts scale to it, whole. */
              th, td { overflow-wrap: anywhere; hyphens: auto; } td.n, th.n { white-space: normal; }
              .communes { columns: 1; } .pair { display: block; }
            }
            </style></head><body>
            {{(back is null ? "" : $"<p class=\"meta\"><a href=\"/\">ClausesSociales</a> · <a href=\"{E(back)}\">Autre territoire ou période</a></p>")}}
            <h1>Observatoire territorial des clauses sociales — {{E(t.Name)}}</h1>
            <p class="meta">Période du {{E(Web.LotCards.LongDate(f.From))}} au {{E(Web.LotCards.LongDate(f.To))}} · {{Web.Plurals.Count(t.Communes.Count, "commune", "communes")}}, {{t.Population.ToString("N0", French)}} habitants ·
            {{Web.Plurals.Of(t.Departments.Count, "département", "départements")}} {{E(string.Join(", ", t.Departments.Select(d => $"{d.Name} ({d.Code})")))}} · établi le {{E(Generated(f.GeneratedAt))}}</p>
            <div class="kpis">
            <div class="kpi"><b>{{f.Published.Lots}}</b>{{Web.Plurals.Of(f.Published.Lots, "lot publié", "lots publiés")}} par les acheteurs du territoire</div>
            <div class="kpi"><b>{{f.Performed.Lots}}</b>{{Web.Plurals.Of(f.Performed.Lots, "lot exécuté", "lots exécutés")}} dans le territoire</div>
            <div class="kpi"><b>{{Percent(Share(f.Published.Social, f.Published.Lots))}}</b>avec clause sociale déclarée</div>
            <div class="kpi"><b>{{Percent(Share(f.Published.Reserved, f.Published.Lots))}}</b>réservés (SIAE, ESAT/EA)</div>
            <div class="kpi"><b>{{f.MissedOpportunities.Count}}</b>{{Web.Plurals.Of(f.MissedOpportunities.Count, "occasion manquée repérée", "occasions manquées repérées")}} parmi ces lots</div>
            <div class="kpi"><b>{{f.Supply.Structures}}</b>{{Web.Plurals.Of(f.Supply.Structures, "structure de l'ESS", "structures de l'ESS")}} dans le territoire</div>
            <div class="kpi">{{(f.Awarded.Contracts == 0 ? "<b>—</b>marchés attribués (DECP) : aucun importé" : $"<b>{f.Awarded.Contracts.ToString("N0", French)}</b>{Web.Plurals.Of(f.Awarded.Contracts, "marché attribué", "marchés attribués")} (DECP)")}}</div>
            </div>
            """);

        sb.Append("<section><h2>1. Ce que le territoire achète</h2>");
        sb.Append($"<p>Lots publiés par les acheteurs du territoire (communes, EPCI, département ou région reconnus par leur SIREN ou leur nom) : <b>{f.Published.Lots}</b> ; lots dont le lieu d'exécution est dans le territoire : <b>{f.Performed.Lots}</b>");
        if (f.PerformedInEnclosingDepartment > 0) sb.Append($" ; lots exécutés sur une zone plus large que le territoire (un département qui le déborde, ou plusieurs départements), sans précision de commune : {f.PerformedInEnclosingDepartment}");
        sb.Append(".</p><h3>Lots publiés par mois</h3>").Append(Months(f.Published.ByMonth));
        sb.Append("<h3>Par division CPV</h3>").Append(HorizontalBars(f.Published.ByCpvDivision.Take(12).Select(r => ($"{r.Key} {r.Label}", (double)r.Lots, $"{r.Lots}")).ToList(), "#2e86c1"));
        sb.Append("<h3>Par acheteur</h3>").Append(CountTable(f.Published.ByBuyer.Take(15), "Acheteur"));
        if (f.Performed.Lots > 0 && f.Performed.Lots != f.Published.Lots)
        {
            sb.Append("<h3>Lots exécutés dans le territoire, par division CPV</h3>").Append(HorizontalBars(f.Performed.ByCpvDivision.Take(10).Select(r => ($"{r.Key} {r.Label}", (double)r.Lots, $"{r.Lots}")).ToList(), "#5dade2"));
        }
        sb.Append("</section>");

        sb.Append("<section><h2>2. Clauses déclarées : le territoire et autour</h2>");
        sb.Append("<p>Part des lots dont l'acheteur a déclaré une clause sociale (condition d'exécution ou critère), une réservation (L2113-12, L2113-13, L2113-15) ou une clause environnementale.</p>");
        sb.Append(Shares(f.Shares));
        sb.Append("<table><tr><th>Périmètre</th><th class=\"n\">Lots</th><th class=\"n\">Clause sociale</th><th class=\"n\">Réservés</th><th class=\"n\">Clause environnementale</th></tr>");
        foreach (var s in f.Shares) sb.Append($"<tr><td>{E(s.Label)}</td><td class=\"n\">{s.Lots}</td><td class=\"n\">{Percent(s.Social)}</td><td class=\"n\">{Percent(s.Reserved)}</td><td class=\"n\">{Percent(s.Green)}</td></tr>");
        sb.Append("</table></section>");

        sb.Append("<section><h2>3. Occasions manquées</h2>");
        sb.Append("<p>Lots du territoire sans clause sociale ni réservation déclarée que le classifieur range parmi les 20\u00A0% de lots les plus susceptibles d'en porter une, ou pour lesquels l'offre locale permettait une réservation ou une clause d'insertion.</p>");
        // The radii as the structures' import sets them, by kind: "30 km pour les ACI, AI et associations".
        var radii = string.Join(", ", Enum.GetValues<StructureKind>().GroupBy(k => k.DefaultRadiusKm()).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.ToString("0", French)} km pour les {Web.Plurals.List(g.Select(k => k == StructureKind.Association ? "associations" : k.ToString()).ToList())}"));
        sb.Append($"<p class=\"note\">Offre locale : structures dont la zone d'intervention couvre le lieu du lot, dans le rayon que la structure a déclaré ou, à défaut, {radii}. "
            + $"Une réservation est proposée à partir de {Matching.InclusivePotential.ShelteredForReservation} ESAT ou EA du métier (article L2113-12) ou de {Matching.InclusivePotential.SiaeForReservation} SIAE du métier (article L2113-13), pour laisser une vraie concurrence ; "
            + "une clause d'insertion (article L2112-2) à partir d'une structure d'insertion, pour des travaux ou des services.</p>");
        if (f.MissedOpportunities.Count == 0) sb.Append("<p class=\"empty\">Aucune occasion manquée repérée sur la période.</p>");
        foreach (var m in f.MissedOpportunities)
        {
            var title = E(m.Title ?? "(sans titre)");
            var notice = Web.SafeUrl.Http(m.Url);
            // On the site the title opens the lot's page, and the published notice has its own link; the file links the notice.
            var link = back is not null ? $"<a href=\"{E(Web.LotCards.LotPath(m.Source, m.NoticeId, m.LotId))}\">{title}</a>"
                : notice is not null ? $"<a href=\"{E(notice)}\">{title}</a>" : title;
            var noticeRef = back is not null && notice is not null ? $"<a href=\"{E(notice)}\">avis {E(m.Source)} {E(m.NoticeId)}</a>" : $"avis {E(m.Source)} {E(m.NoticeId)}";
            sb.Append($"<div class=\"missed\"><b>{link}</b><br><span class=\"note\">{E(m.Buyer)} · publié le {E(Web.LotCards.LongDate(m.PublicationDate))} · CPV {E(m.Cpv)} {E(m.CpvLabel)} · {noticeRef}, lot {E(m.LotId)}</span>");
            sb.Append($"<br>Repéré par {E(m.Why)}");
            sb.Append($"<br>Probabilité d'une clause sociale : <b>{Percent(m.SocialProbability)}</b>, d'une réservation : <b>{Percent(m.ReservedProbability)}</b> · potentiel inclusif : <b>{E(PotentialLabel(m.Potential))}</b> — {E(m.PotentialExplanation)}");
            var reasons = m.Reasons.Select(Readable).OfType<string>().ToList();
            if (reasons.Count > 0) sb.Append("<ul>").Append(string.Concat(reasons.Select(r => $"<li>{E(r)}</li>"))).Append("</ul>");
            if (m.LocalStructures.Count > 0)
            {
                sb.Append("<div>Structures qui auraient pu répondre : ").Append(string.Join(" ; ", m.LocalStructures.Select(s =>
                    $"{E(s.Name)} ({E(s.Kind)}, {E(s.City)}{(s.DistanceKm is { } d ? ", " + d.ToString("0", French) + " km" : "")})"))).Append("</div>");
            }
            sb.Append("</div>");
        }
        sb.Append("</section>");

        sb.Append("<section><h2>4. L'offre de l'ESS dans le territoire</h2>");
        sb.Append($"<p><b>{f.Supply.Structures}</b> {Web.Plurals.Of(f.Supply.Structures, "structure", "structures")} (SIAE, ESAT, EA, SCOP, SCIC, associations) dont l'adresse est dans une commune du territoire.</p>");
        if (map is not null)
        {
            var highlighted = t.Departments.Select(d => d.Code).ToHashSet();
            var regions = t.Regions.Select(r => r.Code).ToHashSet();
            var shown = departmentRegions.Where(kv => regions.Contains(kv.Value)).Select(kv => kv.Key).ToList();
            sb.Append(map.Svg(shown, highlighted, f.Supply.Points));
            // The legend names the colours the map shows, with their counts: no violet entry where there is no ESAT or EA.
            var colours = f.Supply.Points.GroupBy(p => FranceMap.Color(p.Kind)).ToDictionary(g => g.Key, g => g.Count());
            var legend = new[] { (FranceMap.Others, "structures d'insertion et autres"), (FranceMap.Sheltered, "ESAT et entreprises adaptées") }
                .Where(c => colours.ContainsKey(c.Item1))
                .Select(c => $"<span style=\"color:{c.Item1}\">●</span> {c.Item2} ({colours[c.Item1].ToString("N0", French)})");
            sb.Append($"<p class=\"note\">Départements de la région ; en orangé, ceux du territoire. {(colours.Count == 0 ? "Aucune structure placée sur la carte." : "Points : " + string.Join(", ", legend) + ".")} Contours : france-geojson (Licence Ouverte).</p>");
        }
        sb.Append("<div class=\"pair\"><div style=\"flex:1\"><h3>Par type</h3>").Append(CountTableSimple(f.Supply.ByKind, "Type")).Append("</div>");
        sb.Append("<div style=\"flex:2\"><h3>Par métier (division CPV)</h3>").Append(CountTableSimple(f.Supply.ByTrade.Take(12), "Métier")).Append("</div></div>");
        sb.Append("</section>");

        sb.Append("<section><h2>5. Demande et offre : les écarts</h2>");
        sb.Append("<table><tr><th>Division CPV</th><th class=\"n\">Lots du territoire</th><th class=\"n\">Structures locales</th><th>Écart</th></tr>");
        foreach (var g in f.Gaps.Take(25)) sb.Append($"<tr><td>{E(g.Division)} {E(g.Label)}</td><td class=\"n\">{g.Lots}</td><td class=\"n\">{g.LocalStructures}</td><td>{E(g.Gap)}</td></tr>");
        if (f.Gaps.Count == 0) sb.Append("<tr><td colspan=\"4\" class=\"empty\">Ni lot ni structure sur la période.</td></tr>");
        sb.Append("</table></section>");

        var a = f.Awarded;
        sb.Append("<section><h2>6. Marchés attribués (données essentielles, DECP)</h2>");
        if (a.Contracts == 0) sb.Append("<p class=\"empty\">Aucun marché attribué de ce territoire et de cette période n'a été importé des données essentielles de la commande publique (DECP) : cette partie reste vide.</p>");
        else
        {
            sb.Append($"<p><b>{a.Contracts}</b> {Web.Plurals.Of(a.Contracts, "marché notifié", "marchés notifiés")} par les acheteurs du territoire ou exécutés dans le territoire");
            if (a.TotalAmount is { } total) sb.Append($", pour {total.ToString("N0", French)} € HT");
            sb.Append(".</p><table><tr><th>Considération déclarée</th><th class=\"n\">Marchés</th><th class=\"n\">Part</th></tr>");
            foreach (var (label, n) in new[] { ("Considération sociale (clause ou critère)", a.WithSocialConsideration), ("Marché réservé", a.Reserved), ("Considération environnementale", a.WithEnvironmentalConsideration), ("Non renseigné", a.UnknownConsiderations) })
            {
                sb.Append($"<tr><td>{E(label)}</td><td class=\"n\">{n}</td><td class=\"n\">{Percent(Share(n, a.Contracts))}</td></tr>");
            }
            sb.Append($"</table><p>Remportés par une structure de l'ESS connue : <b>{a.WonByEssStructures}</b>, dont par une structure du territoire : <b>{a.WonByLocalEssStructures}</b>.</p>");
        }
        sb.Append("</section>");

        sb.Append("<section><h2>Méthode et limites</h2><ul class=\"note\">");
        foreach (var n in f.Notes) sb.Append($"<li>{E(n)}</li>");
        sb.Append("<li>Territoire : découpage administratif officiel (paquet npm @etalab/decoupage-administratif, INSEE et DGCL). Un acheteur appartient au territoire quand toute son aire (commune, EPCI, département, région) y est ; un lot y est exécuté quand son lieu d'exécution y est entièrement.</li>");
        sb.Append("<li>Clauses déclarées : ce que les acheteurs ont publié dans les avis (eForms, TED, BOAMP) ; probabilités : classifieur du projet.</li>");
        sb.Append("</ul>");
        if (t.Communes.Count <= 400)
        {
            sb.Append("<h3>Communes du territoire</h3><p class=\"communes\">").Append(string.Join(", ", t.Communes.Select(c => $"{E(c.Name)} ({E(c.Code)})"))).Append("</p>");
        }
        if (t.Epcis.Count > 0 && t.Epcis.Count <= 60) sb.Append("<h3>EPCI</h3><p class=\"communes\">").Append(string.Join(", ", t.Epcis.Select(e => $"{E(e.Name)} ({E(e.Code)})"))).Append("</p>");
        sb.Append("</section></body></html>\n");
        return sb.ToString();
    }

    private static string CountTable(IEnumerable<CountRow> rows, string what)
    {
        var sb = new StringBuilder($"<table><tr><th>{E(what)}</th><th class=\"n\">Lots</th><th class=\"n\">Clause sociale</th><th class=\"n\">Réservés</th><th class=\"n\">Clause env.</th></tr>");
        var any = false;
        foreach (var r in rows)
        {
            any = true;
            sb.Append($"<tr><td>{E(r.Label)}</td><td class=\"n\">{r.Lots}</td><td class=\"n\">{r.Social}</td><td class=\"n\">{r.Reserved}</td><td class=\"n\">{r.Green}</td></tr>");
        }
        if (!any) sb.Append("<tr><td colspan=\"5\" class=\"empty\">Aucun lot.</td></tr>");
        return sb.Append("</table>").ToString();
    }

    private static string CountTableSimple(IEnumerable<CountRow> rows, string what)
    {
        var sb = new StringBuilder($"<table><tr><th>{E(what)}</th><th class=\"n\">Structures</th></tr>");
        var any = false;
        foreach (var r in rows)
        {
            any = true;
            sb.Append($"<tr><td>{E(r.Key == r.Label ? r.Label : $"{r.Key} {r.Label}")}</td><td class=\"n\">{r.Lots}</td></tr>");
        }
        if (!any) sb.Append("<tr><td colspan=\"2\" class=\"empty\">Aucune structure.</td></tr>");
        return sb.Append("</table>").ToString();
    }

    /// <summary>The classifier's reasons in the words of the report: coded values named in French, raw tokens left out.</summary>
    private static string? Readable(string reason)
    {
        if (reason.Contains("Word.", StringComparison.Ordinal)) return null;
        foreach (var (code, label) in Values)
        {
            if (reason.EndsWith(" : " + code, StringComparison.OrdinalIgnoreCase)) return reason[..^code.Length] + label;
        }
        return reason;
    }

    private static readonly (string Code, string Label)[] Values =
    [
        ("works", "travaux"), ("services", "services"), ("supplies", "fournitures"),
        ("regionalauthority", "collectivité territoriale"), ("localauthority", "collectivité territoriale"), ("utilitiesentity", "entité adjudicatrice (réseaux)"),
        ("bodypl", "organisme de droit public"), ("bodyplla", "organisme de droit public local"), ("ministry", "ministère"), ("nationalagency", "agence nationale"),
        ("cga", "administration centrale"), ("other", "autre"), ("contractnotice", "avis de marché"), ("contractaward", "avis d'attribution"),
    ];

    private static string PotentialLabel(string code) => code switch
    {
        Matching.InclusivePotential.ReserveSheltered => "réserver aux ESAT/EA",
        Matching.InclusivePotential.ReserveSiae => "réserver aux SIAE",
        Matching.InclusivePotential.InsertionClause => "clause d'insertion",
        Matching.InclusivePotential.AlreadyReserved => "déjà réservé",
        _ => "aucun",
    };

    private static double? Share(int n, int total) => total == 0 ? null : (double)n / total;

    /// <summary>When the figures were made (figures.json keeps UTC), as read in Paris.</summary>
    private static string Generated(string generatedAt) =>
        DateTimeOffset.TryParseExact(generatedAt, "yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Web.LotCards.ParisTime(at) : generatedAt;

    /// <summary>Every figure as a line: section;key;label;metric;value.</summary>
    public static string Csv(ObservatoryFigures f)
    {
        var sb = new StringBuilder("section;key;label;metric;value\n");
        void Line(string section, string key, string label, string metric, object? value) =>
            sb.Append(string.Join(';', new[] { section, key, label, metric, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" }.Select(Cell))).Append('\n');
        void Rows(string section, IEnumerable<CountRow> rows)
        {
            foreach (var r in rows)
            {
                Line(section, r.Key, r.Label, "lots", r.Lots);
                Line(section, r.Key, r.Label, "social", r.Social);
                Line(section, r.Key, r.Label, "reserved", r.Reserved);
                Line(section, r.Key, r.Label, "green", r.Green);
            }
        }
        Line("territory", f.Territory.Spec, f.Territory.Name, "communes", f.Territory.Communes.Count);
        Line("territory", f.Territory.Spec, f.Territory.Name, "population", f.Territory.Population);
        Line("period", "from", "", "date", f.From);
        Line("period", "to", "", "date", f.To);
        foreach (var (name, lots) in new[] { ("published", f.Published), ("performed", f.Performed) })
        {
            Line(name, "total", "", "lots", lots.Lots);
            Line(name, "total", "", "social", lots.Social);
            Line(name, "total", "", "reserved", lots.Reserved);
            Line(name, "total", "", "green", lots.Green);
            Rows(name + ".month", lots.ByMonth);
            Rows(name + ".buyer", lots.ByBuyer);
            Rows(name + ".cpv", lots.ByCpvDivision);
        }
        Line("performed", "enclosing-department", "", "lots", f.PerformedInEnclosingDepartment);
        foreach (var s in f.Shares)
        {
            Line("shares", s.Scope, s.Label, "lots", s.Lots);
            Line("shares", s.Scope, s.Label, "social", s.Social);
            Line("shares", s.Scope, s.Label, "reserved", s.Reserved);
            Line("shares", s.Scope, s.Label, "green", s.Green);
        }
        foreach (var m in f.MissedOpportunities)
        {
            var key = $"{m.Source}/{m.NoticeId}/{m.LotId}";
            Line("missed", key, m.Title ?? "", "social-probability", m.SocialProbability);
            Line("missed", key, m.Title ?? "", "reserved-probability", m.ReservedProbability);
            Line("missed", key, m.Title ?? "", "potential", m.Potential);
            Line("missed", key, m.Title ?? "", "local-structures", string.Join(" | ", m.LocalStructures.Select(s => s.Siret)));
        }
        Line("supply", "total", "", "structures", f.Supply.Structures);
        Line("supply", "unplaced", "", "structures", f.Supply.UnplacedStructures);
        foreach (var r in f.Supply.ByKind) Line("supply.kind", r.Key, r.Label, "structures", r.Lots);
        foreach (var r in f.Supply.ByTrade) Line("supply.trade", r.Key, r.Label, "structures", r.Lots);
        foreach (var g in f.Gaps)
        {
            Line("gaps", g.Division, g.Label, "lots", g.Lots);
            Line("gaps", g.Division, g.Label, "local-structures", g.LocalStructures);
            Line("gaps", g.Division, g.Label, "gap", g.Gap);
        }
        var a = f.Awarded;
        Line("awarded", "total", "", "contracts", a.Contracts);
        Line("awarded", "total", "", "social", a.WithSocialConsideration);
        Line("awarded", "total", "", "reserved", a.Reserved);
        Line("awarded", "total", "", "green", a.WithEnvironmentalConsideration);
        Line("awarded", "total", "", "unknown", a.UnknownConsiderations);
        Line("awarded", "total", "", "won-by-ess", a.WonByEssStructures);
        Line("awarded", "total", "", "won-by-local-ess", a.WonByLocalEssStructures);
        Line("awarded", "total", "", "amount", a.TotalAmount);
        return sb.ToString();
    }

    private static string Cell(string value)
    {
        // Cells that a spreadsheet would run as formulas are prefixed with a quote.
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) value = "'" + value;
        return value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace ClausesSociales.Notices;

/// <summary>
/// Reads a notice published only as an HTML page (BOAMP-style "avis" page): labelled fields in
/// definition lists, tables or "Label : value" lines, and one section per lot headed "Lot n° X".
/// Labels are matched without accents or case, so the many ways buyers' platforms write them fit.
/// </summary>
public sealed partial class HtmlNoticeParser
{
    public Notice Parse(string html, string fallbackId)
    {
        var document = new HtmlParser().ParseDocument(html);
        var body = document.Body ?? throw new NoticeParseException("HTML page has no body");

        var lotScopes = LotScopes(body).ToList();
        var noticeFields = Fields(body, exclude: lotScopes.Select(s => s.Scope).ToList());
        var title = NoticeValues.Clean(noticeFields.Get("intitule", "objet du marche", "objet", "titre")
            ?? document.QuerySelector("h1")?.TextContent);
        var mainCpv = FindCpv(noticeFields.Get("code cpv principal", "cpv principal", "classification cpv", "code cpv", "cpv"));
        if (title is null && mainCpv is null && lotScopes.Count == 0)
        {
            throw new NoticeParseException("HTML page holds no notice: no title, CPV code or lot was found");
        }

        var noticeId = noticeFields.Get("reference de l'avis", "numero de l'avis", "avis n", "idweb", "reference")
            ?? document.QuerySelector("meta[name=idweb]")?.GetAttribute("content")
            ?? fallbackId;
        var place = noticeFields.Get("lieu principal d'execution", "lieu d'execution", "lieu de livraison", "lieu", "code nuts");
        var nuts = NutsCodes().Matches(place ?? "").Select(m => m.Value).Distinct().ToList();
        var departments = NoticeValues.Departments(nuts).Concat(Geography.FrenchGeography.Instance.FindInText(place).Select(d => d.Code))
            .Concat(NoticeValues.Departments(noticeFields.GetAll("departement"))).Distinct().ToList();
        var deadline = ParseFrenchDeadline(noticeFields.Get("date limite de reception des offres", "date et heure limite", "date limite de reception", "date limite"));
        var (value, currency) = ParseValue(noticeFields.Get("valeur estimee", "montant estime", "valeur"));
        var duration = ParseMonths(noticeFields.Get("duree du marche", "duree"));
        var nature = NatureFrom(noticeFields.Get("type de marche", "nature du marche", "nature"));
        var markers = ReadMarkers(noticeFields);
        var defects = new List<string>();

        var lots = new List<Lot>();
        foreach (var (number, heading, scope) in lotScopes)
        {
            var f = Fields(scope, exclude: []);
            var lotPlace = f.Get("lieu principal d'execution", "lieu d'execution", "lieu");
            var lotNuts = NutsCodes().Matches(lotPlace ?? "").Select(m => m.Value).Distinct().ToList();
            var lotDepartments = NoticeValues.Departments(lotNuts).Concat(Geography.FrenchGeography.Instance.FindInText(lotPlace).Select(d => d.Code)).Distinct().ToList();
            var (lotValue, lotCurrency) = ParseValue(f.Get("valeur estimee", "montant estime", "valeur"));
            lots.Add(new Lot(
                number,
                NoticeValues.Clean(f.Get("intitule", "objet", "titre") ?? LotHeading().Replace(heading, "").Trim(' ', ':', '-', '–')) ?? title,
                NoticeValues.Clean(f.Get("description", "description succincte")),
                FindCpv(f.Get("code cpv principal", "cpv principal", "code cpv", "cpv")) ?? mainCpv,
                FindAllCpv(f.Get("codes cpv additionnels", "cpv additionnels", "cpv complementaires")),
                lotNuts.Count > 0 ? lotNuts : nuts,
                lotDepartments.Count > 0 ? lotDepartments : departments,
                lotValue ?? (lotScopes.Count == 1 ? value : null),
                lotValue is null ? (lotScopes.Count == 1 ? currency : null) : lotCurrency,
                ParseMonths(f.Get("duree du marche", "duree")) ?? duration,
                deadline,
                nature,
                markers.Merge(ReadMarkers(f))));
        }
        if (lots.Count == 0)
        {
            lots.Add(new Lot("1", title, NoticeValues.Clean(noticeFields.Get("description", "description succincte", "objet complet")),
                mainCpv, FindAllCpv(noticeFields.Get("codes cpv additionnels", "cpv additionnels", "cpv complementaires")),
                nuts, departments, value, currency, duration, deadline, nature, markers));
        }
        if (lots.All(l => l.MainCpv is null)) defects.Add("no CPV code");
        if (title is null) defects.Add("no title");

        return new Notice(
            "html",
            noticeId.Trim(),
            KindFrom(noticeFields.Get("type d'avis", "nature de l'avis", "type")),
            NoticeValues.Date(FrenchDate(noticeFields.Get("date de publication", "publie le", "date d'envoi"))),
            new Buyer(
                NoticeValues.Clean(noticeFields.Get("nom complet de l'acheteur", "nom de l'acheteur", "acheteur", "pouvoir adjudicateur", "organisme")),
                SiretPattern().Match(noticeFields.Get("siret", "numero national d'identification", "identifiant") ?? "") is { Success: true } s ? s.Value.Replace(" ", "") : null,
                NoticeValues.Clean(noticeFields.Get("type d'acheteur", "type d'organisme", "forme juridique de l'acheteur"))),
            title,
            document.QuerySelector("link[rel=canonical]")?.GetAttribute("href") ?? noticeFields.Get("adresse du profil d'acheteur", "url"),
            "FR",
            lots)
        { Defects = defects };
    }

    private static IEnumerable<(string Number, string Heading, IElement Scope)> LotScopes(IElement body)
    {
        foreach (var heading in body.QuerySelectorAll("h2, h3, h4, h5, legend, summary"))
        {
            var text = heading.TextContent.Trim();
            var m = LotHeading().Match(text);
            if (!m.Success) continue;
            // The lot's scope is the smallest ancestor that holds this heading and no other lot heading.
            var scope = heading.ParentElement;
            if (scope is null || scope == body) continue;
            if (scope.QuerySelectorAll("h2, h3, h4, h5, legend, summary").Count(h => LotHeading().IsMatch(h.TextContent.Trim())) > 1) continue;
            yield return (m.Groups["n"].Value, text, scope);
        }
    }

    /// <summary>Label/value pairs of a part of the page, labels folded to lower case without accents.</summary>
    private static FieldSet Fields(IElement root, IReadOnlyList<IElement> exclude)
    {
        var fields = new FieldSet();
        bool Excluded(INode n) => exclude.Any(e => e == n || e.Contains(n));

        foreach (var dt in root.QuerySelectorAll("dt"))
        {
            if (Excluded(dt)) continue;
            if (dt.NextElementSibling is { LocalName: "dd" } dd) fields.Add(dt.TextContent, dd.TextContent);
        }
        foreach (var row in root.QuerySelectorAll("tr"))
        {
            if (Excluded(row)) continue;
            var cells = row.Children.Where(c => c.LocalName is "th" or "td").ToList();
            if (cells.Count == 2) fields.Add(cells[0].TextContent, cells[1].TextContent);
        }
        foreach (var block in root.QuerySelectorAll("p, li, div, span"))
        {
            if (Excluded(block) || block.Children.Any(c => c.LocalName is "p" or "div" or "li" or "dl" or "table")) continue;
            var text = block.TextContent;
            var colon = text.IndexOf(':');
            if (colon is > 1 and < 80 && text.Length > colon + 1)
            {
                fields.Add(text[..colon], text[(colon + 1)..]);
            }
        }
        return fields;
    }

    private static Markers ReadMarkers(FieldSet f)
    {
        var markers = new MarkersBuilder();
        if (Declared(f.Get("marche reserve", "reservation", "marche reserve a")) is { } reserved)
        {
            markers.Reserved(ReservedExecution().IsMatch(reserved) ? MarkerCodes.ReservedExecution
                : PublicService().IsMatch(reserved) ? MarkerCodes.PublicServiceMission
                : ExecutionConditions.IsInsertionReservation(reserved) ? MarkerCodes.ReservedInsertion
                : MarkerCodes.ShelteredWorkshops);
        }
        if (Declared(f.Get("clause d'insertion", "clause sociale", "clauses sociales", "condition d'execution sociale")) is not null) markers.Social(MarkerCodes.SocialExecutionCondition);
        if (Declared(f.Get("criteres sociaux", "considerations sociales")) is not null) markers.Social(MarkerCodes.SocialCriteria);
        if (Declared(f.Get("clause environnementale", "clauses environnementales", "condition d'execution environnementale")) is not null) markers.Green(MarkerCodes.EnvironmentalExecutionCondition);
        if (Declared(f.Get("criteres environnementaux", "considerations environnementales")) is not null) markers.Green(MarkerCodes.EnvironmentalCriteria);
        if (f.Get("conditions particulieres d'execution", "conditions d'execution") is { } conditions)
        {
            if (ExecutionConditions.IsSocial(conditions)) markers.Social(MarkerCodes.SocialExecutionCondition);
            if (ExecutionConditions.IsEnvironmental(conditions)) markers.Green(MarkerCodes.EnvironmentalExecutionCondition);
        }
        return markers.Build();
    }

    /// <summary>The value when it declares something: anything but an empty answer or "non".</summary>
    private static string? Declared(string? value)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        var folded = FieldSet.Fold(v);
        return folded.StartsWith("non", StringComparison.Ordinal) || folded is "aucun" or "aucune" or "sans objet" or "-" ? null : v;
    }

    private static string? FindCpv(string? text) => FindAllCpv(text).FirstOrDefault();

    private static IReadOnlyList<string> FindAllCpv(string? text) =>
        text is null ? [] : CpvInText().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();

    private static (decimal?, string?) ParseValue(string? text)
    {
        if (text is null) return (null, null);
        var m = AmountInText().Match(text);
        return m.Success && NoticeValues.Amount(m.Value) is { } v ? (v, "EUR") : (null, null);
    }

    private static decimal? ParseMonths(string? text)
    {
        if (text is null) return null;
        var m = DurationInText().Match(text);
        if (!m.Success) return null;
        var unit = FieldSet.Fold(m.Groups["unit"].Value);
        return NoticeValues.Months(m.Groups["n"].Value, unit.StartsWith("jour", StringComparison.Ordinal) ? "DAY" : unit.StartsWith("an", StringComparison.Ordinal) ? "YEAR" : "MONTH");
    }

    private static DateTimeOffset? ParseFrenchDeadline(string? text)
    {
        if (text is null) return null;
        var date = FrenchDate(text);
        var time = TimeInText().Match(text);
        return NoticeValues.Deadline(date, time.Success ? $"{time.Groups[1].Value}:{time.Groups[2].Value}" : null);
    }

    /// <summary>"13/01/2021", "13 janvier 2021" or "2021-01-13" → "2021-01-13".</summary>
    private static string? FrenchDate(string? text)
    {
        if (text is null) return null;
        var numeric = NumericDate().Match(text);
        if (numeric.Success) return $"{numeric.Groups[3].Value}-{numeric.Groups[2].Value.PadLeft(2, '0')}-{numeric.Groups[1].Value.PadLeft(2, '0')}";
        var iso = IsoDate().Match(text);
        if (iso.Success) return iso.Value;
        var written = WrittenDate().Match(FieldSet.Fold(text));
        if (written.Success)
        {
            var month = Array.IndexOf(Months, written.Groups[2].Value) + 1;
            if (month > 0) return $"{written.Groups[3].Value}-{month:00}-{int.Parse(written.Groups[1].Value, CultureInfo.InvariantCulture):00}";
        }
        return null;
    }

    private static readonly string[] Months = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"];

    private static ContractNature? NatureFrom(string? text)
    {
        var t = FieldSet.Fold(text ?? "");
        return t.Contains("travaux") ? ContractNature.Works : t.Contains("fourniture") ? ContractNature.Supplies : t.Contains("service") ? ContractNature.Services : null;
    }

    private static NoticeKind KindFrom(string? text)
    {
        var t = FieldSet.Fold(text ?? "avis de marche");
        if (t.Contains("attribution") || t.Contains("resultat")) return NoticeKind.ContractAward;
        if (t.Contains("pre-information") || t.Contains("preinformation") || t.Contains("pre information")) return NoticeKind.PriorInformation;
        if (t.Contains("rectificatif") || t.Contains("modification")) return NoticeKind.Modification;
        if (t.Contains("marche") || t.Contains("appel") || t.Contains("concession")) return NoticeKind.ContractNotice;
        return NoticeKind.Other;
    }

    private sealed class FieldSet
    {
        private readonly List<(string Label, string Value)> _fields = [];

        public void Add(string label, string value)
        {
            var l = Fold(label).Trim(' ', ':', '.', '*', '\u00a0');
            var v = value.Trim();
            if (l.Length > 0 && v.Length > 0) _fields.Add((l, v));
        }

        /// <summary>The first value whose label equals, then starts with, one of the labels, in the order given.</summary>
        public string? Get(params string[] labels)
        {
            foreach (var label in labels)
            {
                foreach (var (l, v) in _fields) if (l == label) return v;
            }
            foreach (var label in labels)
            {
                foreach (var (l, v) in _fields) if (l.StartsWith(label, StringComparison.Ordinal)) return v;
            }
            return null;
        }

        public IEnumerable<string> GetAll(string label) => _fields.Where(f => f.Label.StartsWith(label, StringComparison.Ordinal)).Select(f => f.Value);

        public static string Fold(string text)
        {
            var normalized = text.Normalize(NormalizationForm.FormD);
            var sb = new StringBuilder(normalized.Length);
            foreach (var c in normalized)
            {
                if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
                sb.Append(c is '’' or '‘' ? '\'' : char.ToLowerInvariant(c));
            }
            return Regex.Replace(sb.ToString(), @"\s+", " ").Trim();
        }
    }

    [GeneratedRegex(@"^lot\s*(?:n\s*[°ºo]\.?\s*)?(?<n>[0-9A-Za-z-]+)", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LotHeading();

    [GeneratedRegex(@"\b(\d{8})(?:-\d)?\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CpvInText();

    [GeneratedRegex(@"\bFR[A-Z0-9]{1,3}\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NutsCodes();

    [GeneratedRegex(@"\d[\d\s\u00a0\u202f]*(?:[.,]\d+)?", RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 1000)]
    private static partial Regex AmountInText();

    [GeneratedRegex(@"(?<n>\d+(?:[.,]\d+)?)\s*(?<unit>mois|jours?|ans?|années?)", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DurationInText();

    [GeneratedRegex(@"(\d{1,2})\s*[h:]\s*(\d{2})", RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TimeInText();

    [GeneratedRegex(@"\b(\d{1,2})/(\d{1,2})/(\d{4})\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(\d{1,2})(?:er)?\s+([a-z]+)\s+(\d{4})\b", RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WrittenDate();

    [GeneratedRegex(@"\b\d{3}\s?\d{3}\s?\d{3}\s?\d{5}\b|\b\d{14}\b", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SiretPattern();

    [GeneratedRegex(@"emplois? prot[eé]g[eé]s|programmes? d.emploi prot[eé]g[eé]|ex[eé]cution", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReservedExecution();

    [GeneratedRegex(@"mission de service public|L\.? ?2113-15", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PublicService();
}

using System.Net;
using System.Text;

namespace ClausesSociales.Web;

/// <summary>
/// The layout of our pages and the two ways a value reaches them: <see cref="E"/> escapes text and
/// attributes, <see cref="Link"/> makes a link only of an http(s) address (through <see cref="SafeUrl"/>)
/// or of an address of ours. Readable on a phone, keyboard focus visible, contrast AA.
/// </summary>
public static class Html
{
    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>A link to an outside address when it is http(s), else the text alone.</summary>
    public static string Link(string? url, string text, string? cssClass = null) => SafeUrl.Http(url) is { } safe
        ? $"<a href=\"{E(safe)}\"{(cssClass is null ? "" : $" class=\"{cssClass}\"")} rel=\"noopener noreferrer\">{E(text)}</a>"
        : E(text);

    /// <summary>A link to a page of ours (a path built by our code, escaped all the same).</summary>
    public static string Local(string path, string text) => $"<a href=\"{E(path)}\">{E(text)}</a>";

    /// <summary>A structure's kind as its acronym, spelled out on hover and for screen readers: "EI" alone reads as an entreprise individuelle.</summary>
    public static string Kind(string? kind) => Structures.StructureKinds.TryParse(kind, out var k) && Structures.StructureKinds.InFrench(k) is var full && full.EndsWith($" ({kind})", StringComparison.Ordinal)
        ? $"<abbr title=\"{E(full[..^(kind!.Length + 3)])}\">{E(kind)}</abbr>"
        : E(kind);

    /// <summary>The public record of a structure in the annuaire des entreprises, by SIRET.</summary>
    public static string StructureLink(string siret, string name) => Link(StructureUrl(siret), name);

    /// <summary>The address of a structure's public record (annuaire des entreprises), for pages and e-mails.</summary>
    public static string StructureUrl(string siret) => $"https://annuaire-entreprises.data.gouv.fr/etablissement/{Uri.EscapeDataString(siret)}";

    /// <summary>The sections of the site's header: its path and its name.</summary>
    private static readonly (string Path, string Label)[] Sections = [("/", "Lots"), ("/structures", "Structures"), ("/observatoire", "Observatoire")];

    /// <summary>
    /// A page of the site; <paramref name="estimates"/>: it shows the model's estimates, and its footer
    /// says what they are worth; <paramref name="section"/>: the header's section it belongs to ("/structures"), marked as open.
    /// </summary>
    public static string Page(string title, string body, bool estimates = false, string? section = null)
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append($"<title>{E(title)} – ClausesSociales</title><style>{Css}</style></head>\n<body>\n");
        // Keyboard and screen-reader users go past the header in one step.
        page.Append("<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>\n");
        page.Append("<header class=\"top\"><a class=\"brand\" href=\"/\">ClausesSociales</a><nav aria-label=\"Navigation principale\">");
        foreach (var (path, label) in Sections) page.Append($"<a href=\"{path}\"{(path == section ? " aria-current=\"page\"" : "")}>{label}</a>");
        page.Append("</nav></header>\n");
        page.Append($"<main id=\"contenu\">\n<h1>{E(title)}</h1>\n{Typography(body)}\n</main>\n");
        page.Append("<footer><p>Données : avis publiés au BOAMP et au JOUE (TED), structures de l'inclusion.");
        if (estimates) page.Append(" Les probabilités sont des estimations d'un modèle, à vérifier dans l'avis.");
        page.Append("</p></footer>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>
    /// French typography on a page's text, whatever wrote it (our sentences, a notice's description):
    /// the space before ":", ";", "!" and "?" and between groups of digits ("120 000 repas") does not
    /// break, so a line never starts with ": une alerte par semaine" or "000 repas".
    /// </summary>
    public static string Typography(string html) => DigitGroups.Replace(HighPunctuation.Replace(html, "\u00A0"), "\u00A0");

    private static readonly System.Text.RegularExpressions.Regex HighPunctuation = new(@" (?=[:;!?](?:\s|<|$|&))", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static readonly System.Text.RegularExpressions.Regex DigitGroups = new(@"(?<=\d) (?=\d{3}(?!\d))", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private const string Css = """
        *{box-sizing:border-box}
        body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f4f6f8;color:#1d2733;line-height:1.5;font-size:16px}
        a{color:#1f4e79}
        a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0a500;outline-offset:2px}
        .top{background:#1f4e79;padding:12px 16px;display:flex;gap:16px;align-items:center;flex-wrap:wrap}
        .top a{color:#fff;text-decoration:none;font-weight:600}
        .top .brand{font-size:18px;margin-right:auto}
        .top nav{display:flex;gap:16px}
        .top nav a[aria-current]{border-bottom:3px solid #fff}
        main{max-width:1100px;margin:0 auto;padding:16px}
        h1{font-size:24px;color:#1f4e79;margin:8px 0 16px}
        h2{font-size:19px;margin:0 0 6px}
        footer{max-width:1100px;margin:0 auto;padding:16px;color:#4a5561;font-size:13px}
        form.filters{background:#fff;border-radius:6px;padding:12px;display:grid;grid-template-columns:repeat(auto-fit,minmax(230px,1fr));gap:12px;align-items:end;margin-bottom:16px}
        label{display:block;font-weight:600;font-size:14px;margin-bottom:4px}
        select,input{width:100%;padding:8px;font-size:16px;border:1px solid #6b7785;border-radius:4px;background:#fff;color:#1d2733}
        button{background:#1f4e79;color:#fff;border:0;border-radius:4px;padding:10px 16px;font-size:16px;font-weight:600;cursor:pointer}
        button.danger{background:#a52a1a}
        textarea{width:100%;padding:8px;font-size:16px;border:1px solid #6b7785;border-radius:4px;font-family:inherit}
        form.panel{background:#fff;border-radius:6px;padding:16px;margin-bottom:16px;display:grid;gap:16px}
        form.panel.danger{border-left:5px solid #a52a1a}
        form.panel>button{justify-self:start}
        .actions{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:center}
        .actions a{white-space:nowrap}
        fieldset{border:1px solid #d6dce2;border-radius:6px;padding:8px 12px;margin:0;min-width:0}
        legend{font-weight:600;padding:0 4px}
        .choice{display:flex;gap:8px;align-items:flex-start;padding:4px 0}
        .choice input{width:auto;margin-top:4px;flex:none}
        .choice label{font-weight:400;margin:0}
        .checks{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:0 16px}
        details summary{cursor:pointer;padding:6px 0;font-weight:600}
        .notice{background:#e6f2e6;color:#1b4d1e;padding:16px;border-radius:6px}
        .warning{background:#fff4e0;color:#6b3d00;border-left:5px solid #b26a00;padding:12px 16px;border-radius:6px}
        .errors{background:#fdecea;color:#7a1d12;padding:12px 16px;border-radius:6px;margin-bottom:16px}
        a.action{display:inline-block;background:#1f4e79;color:#fff;padding:8px 14px;border-radius:4px;text-decoration:none;font-weight:600}
        h3{font-size:17px;margin:0 0 6px}
        .card{background:#fff;border-radius:6px;padding:14px 16px;margin-bottom:12px;border-left:5px solid #1f4e79}
        .meta{color:#4a5561;font-size:14px;margin:2px 0}
        .tags{display:flex;gap:6px;flex-wrap:wrap;margin:6px 0}
        .tag{font-size:13px;padding:2px 8px;border-radius:12px;background:#e3ecf5;color:#173b5c}
        .tag.reserved{background:#e6f2e6;color:#1b5e20}
        .tag.green{background:#eef5e0;color:#33691e}
        .tag.declared{font-weight:600;box-shadow:inset 0 0 0 1px currentColor}
        ul.reasons{margin:4px 0;padding-left:20px;font-size:14px}
        table{width:100%;border-collapse:collapse;background:#fff;font-size:14px}
        th,td{text-align:left;padding:8px;border-bottom:1px solid #d6dce2;vertical-align:top}
        .pager{display:flex;gap:16px;margin:16px 0}
        .empty{background:#fff;padding:16px;border-radius:6px}
        .skip{position:absolute;left:-10000px;top:0}.skip:focus{left:8px;top:8px;z-index:10;background:#fff;padding:8px 12px;border-radius:4px}
        @media (max-width:600px){table,thead,tbody,tr,th,td{display:block}thead{display:none}td{border:0;padding:4px 8px}td::before{content:attr(data-label) " : ";font-weight:600}tr{border-bottom:1px solid #d6dce2;padding:8px 0}}
        """;
}

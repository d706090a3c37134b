namespace ClausesSociales.Web;

/// <summary>The frame of the console's pages: the site's layout, the console's sections, its few styles, a message after an action.</summary>
public static class AdminHtml
{
    private static readonly (string Path, string Label)[] Sections =
        [("/admin", "Collecte et quarantaine"), ("/admin/model", "Modèle"), ("/admin/structures", "Structures et abonnements")];

    /// <param name="section">The console section the page belongs to (its path), marked in the console's menu.</param>
    public static string Page(string title, string body, string? message = null, bool error = false, string? section = null) => Html.Page(title,
        $"<style>{Css}</style><nav class=\"admin\" aria-label=\"Console d'administration\">"
        + string.Concat(Sections.Select(s => $"<a href=\"{s.Path}\"{(s.Path == section ? " aria-current=\"page\"" : "")}>{Html.E(s.Label)}</a>"))
        + "</nav>"
        + (message is null ? "" : $"<p class=\"{(error ? "flash error" : "flash")}\" role=\"status\">{Html.E(message)}</p>")
        + body);

    /// <summary>A file size as the French read it: "850 octets", "8,8 Ko", "5,2 Mo".</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => Plurals.Count(bytes, "octet", "octets"),
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", LotCards.French) + "\u00A0Ko",
        _ => (bytes / (1024d * 1024)).ToString("0.#", LotCards.French) + "\u00A0Mo",
    };

    /// <summary>A form of one button posting to an admin action, with the anti-forgery field and hidden values.</summary>
    /// <param name="what">What the button acts on, for screen readers when several buttons share a label (a table's rows).</param>
    public static string Button(string action, string label, string antiForgeryField, IEnumerable<(string Name, string Value)> values, bool secondary = false, string? what = null) =>
        $"<form method=\"post\" action=\"{Html.E(action)}\" class=\"inline\">{antiForgeryField}"
        + string.Concat(values.Select(v => $"<input type=\"hidden\" name=\"{Html.E(v.Name)}\" value=\"{Html.E(v.Value)}\">"))
        + $"<button type=\"submit\"{(secondary ? " class=\"secondary\"" : "")}{(what is null ? "" : $" aria-label=\"{Html.E($"{label} : {what}")}\"")}>{Html.E(label)}</button></form>";

    private const string Css = """
        nav.admin{display:flex;flex-wrap:wrap;gap:8px 20px;margin:0 0 16px;padding:10px 12px;background:#fff;border-radius:6px}
        nav.admin a{font-weight:600}
        nav.admin a[aria-current]{color:#1d2733;text-decoration:none;border-bottom:3px solid #1f4e79}
        .flash{background:#e6f2e6;color:#1b5e20;border-left:5px solid #1b5e20;padding:10px 12px;border-radius:4px}
        .flash.error{background:#fdecea;color:#8a1c12;border-left-color:#8a1c12}
        form.inline{display:inline-block;margin:2px 6px 2px 0}
        button.secondary{background:#fff;color:#8a1c12;border:2px solid #8a1c12;padding:8px 14px}
        form.panel{background:#fff;border-radius:6px;padding:12px;margin:0 0 16px;display:grid;gap:10px}
        section{margin:0 0 24px}
        td.num{font-variant-numeric:tabular-nums}
        .wrap{overflow-wrap:anywhere}
        """;
}

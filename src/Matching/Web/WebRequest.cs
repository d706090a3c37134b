namespace ClausesSociales.Web;

/// <summary>
/// What a form page needs of a request, host-neutral: the method, the query, the posted fields
/// (a field sent several times, such as checkboxes, comes joined with commas), the anti-forgery
/// cookie the browser sent (null when none) and the one to put in the page's forms (the sent one,
/// or a new one the host sets).
/// </summary>
public sealed record WebRequest(bool IsPost, IReadOnlyDictionary<string, string?> Query, IReadOnlyDictionary<string, string?> Form, string? SentCookie, string Cookie)
{
    public string QueryValue(string name) => Query.TryGetValue(name, out var v) ? v ?? "" : "";

    public string Field(string name) => Form.TryGetValue(name, out var v) ? (v ?? "").Trim() : "";

    /// <summary>The values of a field sent several times (checkboxes).</summary>
    public IReadOnlyList<string> Fields(string name) => Field(name).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when the posted form carries the token made for the cookie it came with (see <see cref="AntiForgery"/>).</summary>
    public bool IsGenuine(AntiForgery antiForgery) => antiForgery.Verify(SentCookie, Field(AntiForgery.FieldName));

    public static WebRequest Get(IReadOnlyDictionary<string, string?> query, string? cookie = null) =>
        new(false, query, new Dictionary<string, string?>(), cookie, AntiForgery.CookieOrNew(cookie, out _));
}

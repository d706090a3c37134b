namespace ClausesSociales.Web;

/// <summary>
/// A posted form as the hosts hand it to the page handlers: its fields, its uploaded files, and
/// the anti-forgery cookie the browser sent with it (null when none), which the handler checks
/// against the form's hidden field before it changes anything.
/// </summary>
public sealed record WebForm(string? SentCookie, IReadOnlyDictionary<string, string?> Fields, IReadOnlyList<UploadedFile> Files)
{
    public string? this[string name] => Fields.GetValueOrDefault(name);

    /// <summary>True when the form carries the token made for the cookie it came with (see <see cref="AntiForgery"/>).</summary>
    public bool IsGenuine(AntiForgery antiForgery) => antiForgery.Verify(SentCookie, this[AntiForgery.FieldName]);

    /// <summary>The answers to a body the host does not read: larger than it accepts, a field or a count of fields over the limits, no form at all.</summary>
    public static WebPage TooLarge(long maxBytes) => new(413, Html.Page("Envoi trop volumineux",
        $"<p class=\"empty\" role=\"alert\">L'envoi dépasse {Html.E(AdminHtml.Size(maxBytes))} : rien n'a été modifié. Revenez en arrière pour l'alléger.</p>"));

    public static WebPage FieldTooLong(int maxFields, int maxChars) => new(400, Html.Page("Formulaire refusé",
        $"<p class=\"empty\" role=\"alert\">Un champ du formulaire dépasse {Html.E(maxChars.ToString("N0", LotCards.French))} caractères, ou le formulaire en compte plus de {Html.E(maxFields.ToString("N0", LotCards.French))} : rien n'a été modifié. Revenez en arrière pour le raccourcir.</p>"));

    public static WebPage NotAForm() => new(400, Html.Page("Formulaire refusé",
        "<p class=\"empty\" role=\"alert\">La demande ne contient pas de formulaire : rien n'a été modifié. Utilisez le bouton de la page.</p>"));
}

/// <summary>A file sent in a multipart form.</summary>
public sealed record UploadedFile(string Field, string FileName, BinaryData Content);

/// <summary>
/// A file a handler answers for download (never rendered by the browser): both hosts send it as an
/// attachment, <c>text/plain</c>, with the security headers (nosniff).
/// </summary>
public sealed record WebFile(string FileName, BinaryData Content)
{
    public const string ContentType = "text/plain; charset=utf-8";

    /// <summary>The Content-Disposition header: attachment, with a plain ASCII name and the exact one in RFC 5987 form.</summary>
    public string Disposition
    {
        get
        {
            var ascii = new string(FileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
            return $"attachment; filename=\"{ascii}\"; filename*=UTF-8''{Uri.EscapeDataString(FileName)}";
        }
    }
}

using ClausesSociales.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ClausesSociales.Cli;

/// <summary>
/// The host side of our forms, written once for every page of `clauses host`: the browser's
/// anti-forgery cookie (made and set when it has none), and a posted form read into a
/// <see cref="WebForm"/> under a size cap. The Functions app compiles this same file (functions/Functions.csproj).
/// </summary>
internal static class WebForms
{
    /// <summary>Cap of a form without files (the subscription form with every sector ticked is about 1 KB).</summary>
    public const int MaxFormBytes = 16 * 1024;

    /// <summary>The anti-forgery cookie value the forms of this answer are made for; a new one is set on the response when the browser sent none.</summary>
    public static string Cookie(HttpContext context)
    {
        var cookie = AntiForgery.CookieOrNew(context.Request.Cookies[AntiForgery.CookieName], out var isNew);
        if (isNew) context.Response.Headers.Append("Set-Cookie", AntiForgery.SetCookie(cookie, context.Request.IsHttps));
        return cookie;
    }

    /// <summary>Most fields a form may have, and characters in one field.</summary>
    public const int MaxFields = 200, MaxFieldChars = 4_000;

    /// <summary>The most characters one character takes percent-encoded: four UTF-8 bytes as %XX.</summary>
    private const int MaxEncodedPerChar = 12;

    /// <summary>Why the last <see cref="ReadAsync"/> of a request read no form, for <see cref="Unread"/>.</summary>
    private const string UnreadKey = "ClausesSociales.Unread";

    /// <summary>
    /// The posted form (files included), or null when the body is not a form, is larger than
    /// <paramref name="maxBytes"/>, or has more than <see cref="MaxFields"/> fields or a field longer
    /// than <see cref="MaxFieldChars"/>: <see cref="Unread"/> then says which.
    /// </summary>
    public static async Task<WebForm?> ReadAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType) return Unreadable(context, WebForm.NotAForm());
        if (request.ContentLength > maxBytes) return Unreadable(context, WebForm.TooLarge(maxBytes));
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
        try
        {
            var form = await request.ReadFormAsync(new FormOptions
            {
                // The reader counts a value as sent, percent-encoded: "é" is 6 characters there. The limit
                // on what the field holds is checked once decoded, below.
                BufferBodyLengthLimit = maxBytes, MultipartBodyLengthLimit = maxBytes, ValueCountLimit = MaxFields, KeyLengthLimit = 64, ValueLengthLimit = MaxFieldChars * MaxEncodedPerChar,
            }, cancellationToken);
            if (form.Any(f => f.Value.Any(v => v is { Length: > MaxFieldChars }))) return Unreadable(context, WebForm.FieldTooLong(MaxFields, MaxFieldChars));
            var files = new List<UploadedFile>();
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                files.Add(new UploadedFile(file.Name, file.FileName, new BinaryData(buffer.ToArray())));
            }
            return new WebForm(request.Cookies[AntiForgery.CookieName], form.ToDictionary(f => f.Key, f => (string?)f.Value.ToString()), files);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            // A body within the cap that still fails broke a field limit; one of unknown length, or over the cap, is too large.
            return Unreadable(context, e is InvalidDataException && request.ContentLength <= maxBytes ? WebForm.FieldTooLong(MaxFields, MaxFieldChars) : WebForm.TooLarge(maxBytes));
        }
    }

    private static WebForm? Unreadable(HttpContext context, WebPage why)
    {
        context.Items[UnreadKey] = why;
        return null;
    }

    /// <summary>The page for a request whose form <see cref="ReadAsync"/> could not read.</summary>
    public static WebPage Unread(HttpContext context, long maxBytes) => context.Items[UnreadKey] as WebPage ?? WebForm.TooLarge(maxBytes);

    /// <summary>What a form page needs of the request (method, query, fields, cookies), or null when its body is too large or not a form.</summary>
    public static async Task<WebRequest?> RequestAsync(HttpContext context)
    {
        var request = context.Request;
        var cookie = Cookie(context);
        var isPost = HttpMethods.IsPost(request.Method);
        IReadOnlyDictionary<string, string?> fields = new Dictionary<string, string?>();
        if (isPost)
        {
            if (await ReadAsync(context, MaxFormBytes, context.RequestAborted) is not { } form) return null;
            fields = form.Fields;
        }
        return new WebRequest(isPost, request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), fields, request.Cookies[AntiForgery.CookieName], cookie);
    }

    public static IResult Send(WebFile file, HttpContext context)
    {
        context.Response.Headers.ContentDisposition = file.Disposition;
        return Results.Bytes(file.Content.ToArray(), WebFile.ContentType);
    }
}

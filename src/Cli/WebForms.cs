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

    /// <summary>The posted form (files included), or null when the body is not a form or is larger than <paramref name="maxBytes"/> (at most 200 fields of 4 KB).</summary>
    public static async Task<WebForm?> ReadAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasFormContentType || request.ContentLength > maxBytes) return null;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
        try
        {
            var form = await request.ReadFormAsync(new FormOptions
            {
                BufferBodyLengthLimit = maxBytes, MultipartBodyLengthLimit = maxBytes, ValueCountLimit = 200, KeyLengthLimit = 64, ValueLengthLimit = 4 * 1024,
            }, cancellationToken);
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
            return null;
        }
    }

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

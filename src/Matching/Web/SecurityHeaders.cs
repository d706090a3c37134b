namespace ClausesSociales.Web;

/// <summary>
/// The headers every page of ours is sent with, in both hosts: no script at all, styles from the
/// page itself, forms posting back to us only, never framed (clickjacking on the confirmation
/// buttons), and no address of ours (signed links) leaked to other sites as a referrer.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = ContentSecurityPolicy,
        ["X-Frame-Options"] = "DENY",
        ["Referrer-Policy"] = "no-referrer",
        ["X-Content-Type-Options"] = "nosniff",
    };

    /// <summary>Adds the headers to a response's header collection (ASP.NET Core's or any other).</summary>
    public static void Apply(IDictionary<string, Microsoft.Extensions.Primitives.StringValues> headers)
    {
        foreach (var (name, value) in All) headers[name] = value;
    }
}

namespace ClausesSociales.Web;

/// <summary>
/// The one gate every outgoing link goes through (digests, alerts, pages): a notice's address comes
/// from a publisher, so only an absolute http(s) address with a host becomes a link; anything else
/// (<c>javascript:</c>, <c>vbscript:</c>, <c>data:</c>, relative, malformed) is dropped.
/// </summary>
public static class SafeUrl
{
    /// <summary>The address, normalised, when it is an absolute http(s) URL with a host; otherwise null.</summary>
    public static string? Http(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var trimmed = url.Trim();
        if (trimmed.Any(char.IsControl)) return null;
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)) return null;
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) return null;
        return string.IsNullOrEmpty(uri.Host) ? null : uri.AbsoluteUri;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace ClausesSociales.Web;

/// <summary>
/// The anti-forgery token of our forms (double submit): the browser holds a random value in a
/// SameSite=Strict, HttpOnly cookie, and every form carries an HMAC of that value under the site's
/// key in a hidden field. A POST is taken only when the field matches the cookie, so another site
/// can neither read the field nor send the cookie with a forged form. Host-neutral: both hosts pass
/// the cookie in and set it out with <see cref="SetCookie"/>.
/// </summary>
public sealed class AntiForgery(string key)
{
    public const string CookieName = "cs_af";
    public const string FieldName = "af";

    /// <summary>The browser's value, or a new one to set with <see cref="SetCookie"/> when it has none (or a malformed one).</summary>
    public static string CookieOrNew(string? cookie, out bool isNew)
    {
        isNew = !IsWellFormed(cookie);
        return isNew ? Base64Url(RandomNumberGenerator.GetBytes(32)) : cookie!;
    }

    /// <summary>The Set-Cookie header value for the browser's value (Secure when the site is served over https).</summary>
    public static string SetCookie(string cookie, bool secure) =>
        $"{CookieName}={cookie}; Path=/; HttpOnly; SameSite=Strict{(secure ? "; Secure" : "")}";

    /// <summary>The hidden field every form of ours carries, for the browser's cookie value.</summary>
    public string Field(string cookie) => $"<input type=\"hidden\" name=\"{FieldName}\" value=\"{Html.E(Token(cookie))}\">";

    public string Token(string cookie)
    {
        if (key.Length < 16) throw new InvalidOperationException("the signing key (ClausesSociales:UnsubscribeKey) must hold at least 16 characters");
        return Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"antiforgery|{cookie}")));
    }

    /// <summary>True when a POST carries the field made for the cookie it was sent with.</summary>
    public bool Verify(string? cookie, string? field) =>
        IsWellFormed(cookie) && field is { Length: > 0 } &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(cookie!)), Encoding.ASCII.GetBytes(field));

    private static bool IsWellFormed(string? cookie) =>
        cookie is { Length: 43 } && cookie.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

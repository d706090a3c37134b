using System.Security.Cryptography;
using System.Text;

namespace ClausesSociales.Digests;

/// <summary>
/// Signed unsubscribe links: HMAC-SHA256 over kind, identifier and e-mail with a key from the
/// settings, so that nobody can unsubscribe someone else by guessing a link.
/// </summary>
public sealed class UnsubscribeLinks(string key, string baseUrl)
{
    public string For(SubscriberKind kind, string identifier, string email) =>
        $"{baseUrl.TrimEnd('/')}/api/unsubscribe?kind={kind.ToString().ToLowerInvariant()}&id={Uri.EscapeDataString(identifier)}&email={Uri.EscapeDataString(email)}&token={Token(kind, identifier, email)}";

    public bool Verify(SubscriberKind kind, string identifier, string email, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(kind, identifier, email)), Encoding.ASCII.GetBytes(token));

    private string Token(SubscriberKind kind, string identifier, string email)
    {
        if (key.Length < 16) throw new InvalidOperationException("the unsubscribe signing key (ClausesSociales:UnsubscribeKey) must hold at least 16 characters");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{kind}|{identifier}|{email.ToLowerInvariant()}"));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

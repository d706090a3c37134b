using System.Security.Cryptography;
using System.Text;

namespace ClausesSociales.Digests;

/// <summary>
/// The links our e-mails carry, signed with HMAC-SHA256 and a key from the settings so that nobody
/// can unsubscribe someone else or speak for a buyer by guessing a link: the unsubscribe link
/// (kind, identifier, e-mail) and the buyer's feedback on a lot of its digest (lot, label, verdict).
/// </summary>
public sealed class SignedLinks(string key, string baseUrl)
{
    public string Unsubscribe(SubscriberKind kind, string identifier, string email) =>
        $"{Base}/api/unsubscribe?kind={kind.ToString().ToLowerInvariant()}&id={Uri.EscapeDataString(identifier)}&email={Uri.EscapeDataString(email)}&token={Token(UnsubscribePayload(kind, identifier, email))}";

    public bool VerifyUnsubscribe(SubscriberKind kind, string identifier, string email, string token) =>
        Matches(UnsubscribePayload(kind, identifier, email), token);

    public string Feedback(LotFeedback feedback) =>
        $"{Base}/api/feedback?buyer={Uri.EscapeDataString(feedback.Buyer)}&source={Uri.EscapeDataString(feedback.Source)}&notice={Uri.EscapeDataString(feedback.NoticeId)}" +
        $"&lot={Uri.EscapeDataString(feedback.LotId)}&label={feedback.Label}&verdict={feedback.Verdict.ToWord()}&token={Token(feedback.Payload)}";

    public bool VerifyFeedback(LotFeedback feedback, string token) => Matches(feedback.Payload, token);

    /// <summary>
    /// The query of a link that expires (web pages: confirm a subscription, manage it, read a digest):
    /// the purpose, the values it is about and the expiry, signed together. A value that changes once the
    /// link is used (a subscription's nonce) makes it single-use: the replayed link no longer verifies.
    /// </summary>
    public string ExpiringQuery(string purpose, IReadOnlyList<string> values, DateTimeOffset expires) =>
        $"exp={expires.ToUnixTimeSeconds()}&token={Token(ExpiringPayload(purpose, values, expires.ToUnixTimeSeconds()))}";

    /// <summary>The absolute address of an expiring link: a path of ours, its own query (may be empty), then exp and token.</summary>
    public string ExpiringLink(string pathAndQuery, string purpose, IReadOnlyList<string> values, DateTimeOffset expires) =>
        $"{Base}{pathAndQuery}{(pathAndQuery.Contains('?') ? '&' : '?')}{ExpiringQuery(purpose, values, expires)}";

    /// <summary>Checks an expiring link's exp and token against the values it claims to be about.</summary>
    public LinkCheck VerifyExpiring(string purpose, IReadOnlyList<string> values, string? exp, string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || !long.TryParse(exp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)) return LinkCheck.Forged;
        if (!Matches(ExpiringPayload(purpose, values, seconds), token)) return LinkCheck.Forged;
        return now.ToUnixTimeSeconds() > seconds ? LinkCheck.Expired : LinkCheck.Valid;
    }

    private static string ExpiringPayload(string purpose, IReadOnlyList<string> values, long expires) =>
        $"{purpose}|{expires}|{string.Join("|", values.Select(v => v.Replace("\\", "\\\\").Replace("|", "\\|")))}";

    /// <summary>The absolute address of a path of ours.</summary>
    public string Absolute(string path) => $"{Base}{path}";

    private string Base => baseUrl.TrimEnd('/');

    private static string UnsubscribePayload(SubscriberKind kind, string identifier, string email) => $"{kind}|{identifier}|{email.ToLowerInvariant()}";

    private bool Matches(string payload, string token) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Token(payload)), Encoding.ASCII.GetBytes(token));

    private string Token(string payload)
    {
        if (key.Length < 16) throw new InvalidOperationException("the link signing key (ClausesSociales:UnsubscribeKey) must hold at least 16 characters");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(payload));
        return Convert.ToBase64String(mac).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}

/// <summary>What an expiring link is: good, signed but past its expiry, or not signed by us (or no longer matching what it names).</summary>
public enum LinkCheck
{
    Valid,
    Expired,
    Forged,
}

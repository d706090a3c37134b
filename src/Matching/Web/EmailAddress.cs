namespace ClausesSociales.Web;

/// <summary>
/// The e-mail addresses people type in our forms: one local part and one domain with a dot, no
/// space, no quoting, no comment, 254 characters at most (RFC 5321 path limit), 64 for the local part.
/// Deliberately stricter than RFC 5322: an address we cannot put safely in a header is refused.
/// </summary>
public static class EmailAddress
{
    public const int MaxLength = 254;

    /// <summary>What a form says of an address it refuses.</summary>
    public const string Invalid = "Saisissez une adresse e-mail valide (254 caractères au plus).";

    public static bool TryNormalize(string? text, out string address)
    {
        address = (text ?? "").Trim();
        if (address.Length is < 6 or > MaxLength) return false;
        var at = address.IndexOf('@');
        if (at <= 0 || at != address.LastIndexOf('@') || at > 64) return false;
        var local = address[..at];
        var domain = address[(at + 1)..].ToLowerInvariant();
        if (local.Any(c => !(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-/=?^_`{|}~.".Contains(c))) || local.StartsWith('.') || local.EndsWith('.') || local.Contains("..")) return false;
        var labels = domain.Split('.');
        if (labels.Length < 2 || labels.Any(l => l.Length is 0 or > 63 || l.StartsWith('-') || l.EndsWith('-') || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))) return false;
        if (!labels[^1].All(char.IsAsciiLetter) || labels[^1].Length < 2) return false;
        address = $"{local}@{domain}";
        return true;
    }
}

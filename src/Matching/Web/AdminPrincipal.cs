using System.Text.Json;

namespace ClausesSociales.Web;

/// <summary>
/// Who is signed in, as App Service authentication (Entra ID) tells the app: the platform signs
/// the user in before the request reaches the app, drops any <c>X-MS-CLIENT-PRINCIPAL</c> header a
/// client sent, and adds its own, the base64 of a JSON object
/// <c>{"auth_typ":"aad","name_typ":...,"claims":[{"typ":...,"val":...}]}</c>. The admin functions
/// refuse a request without a well-formed one, so that an admin route is never answered
/// anonymously, even if the platform's setting were turned off. Host-neutral: the header's value in.
/// </summary>
public sealed record AdminPrincipal(string IdentityProvider, string Name)
{
    public const string Header = "X-MS-CLIENT-PRINCIPAL";
    private const int MaxHeaderLength = 32 * 1024;

    /// <summary>The platform's variable saying App Service authentication is on (only then does the platform strip a client's own principal header).</summary>
    public const string PlatformSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>
    /// The principal, trusted only when App Service authentication is on (<paramref name="authEnabled"/>,
    /// the value of <see cref="PlatformSetting"/>): without it, the header could come from the client.
    /// </summary>
    public static AdminPrincipal? FromPlatform(string? header, string? authEnabled) =>
        string.Equals(authEnabled?.Trim(), "true", StringComparison.OrdinalIgnoreCase) ? From(header) : null;

    /// <summary>The signed-in principal the header names, or null when the header is missing or malformed.</summary>
    public static AdminPrincipal? From(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength) return null;
        try
        {
            using var document = JsonDocument.Parse(Convert.FromBase64String(header.Trim()));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (!root.TryGetProperty("auth_typ", out var provider) || provider.ValueKind != JsonValueKind.String || provider.GetString() is not { Length: > 0 } auth) return null;
            if (!root.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array) return null;
            var nameType = root.TryGetProperty("name_typ", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            string? name = null;
            var count = 0;
            foreach (var claim in claims.EnumerateArray())
            {
                if (claim.ValueKind != JsonValueKind.Object || !claim.TryGetProperty("typ", out var typ) || !claim.TryGetProperty("val", out var val)
                    || typ.ValueKind != JsonValueKind.String || val.ValueKind != JsonValueKind.String) return null;
                count++;
                var type = typ.GetString();
                if (name is null && (type == nameType || type is "name" or "preferred_username")) name = val.GetString();
            }
            return count == 0 ? null : new AdminPrincipal(auth, name is { Length: > 0 } ? name : "administrateur");
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The answer to an admin request without a signed-in principal.</summary>
    public static WebPage Refused() => new(401, Html.Page("Connexion requise",
        "<p class=\"empty\">La console d'administration est réservée aux administrateurs connectés avec leur compte Entra ID. <a href=\"/.auth/login/aad?post_login_redirect_uri=%2Fadmin\">Se connecter</a></p>"));
}

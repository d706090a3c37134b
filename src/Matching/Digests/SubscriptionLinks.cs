namespace ClausesSociales.Digests;

/// <summary>
/// The expiring signed links of the self-service pages: confirm a structure's subscription
/// (single-use: its nonce changes when used), manage a subscription (either kind, until it is
/// deleted: a subscription made again gets a new manage nonce) and read a buyer's digest on the web. Each names the values it is about, so a link
/// made for one subscription, address or week verifies for no other.
/// </summary>
public sealed class SubscriptionLinks(SignedLinks links)
{
    public const string ConfirmPurpose = "confirm";
    public const string ManagePurpose = "manage";
    public const string DigestPurpose = "digest";

    public static readonly TimeSpan ConfirmValidity = TimeSpan.FromDays(3);
    public static readonly TimeSpan ManageValidity = TimeSpan.FromDays(180);
    public static readonly TimeSpan DigestValidity = TimeSpan.FromDays(90);

    /// <summary>A structure's subscription form (<c>/structures/{siret}/alertes</c>).</summary>
    public static string SubscribePath(string siret) => $"/structures/{Uri.EscapeDataString(siret)}/alertes";

    public static string ConfirmPath(string siret) => $"/structures/{Uri.EscapeDataString(siret)}/confirmation";

    public static string ManagePath(SubscriberKind kind, string id) =>
        kind == SubscriberKind.Structure ? $"/structures/{Uri.EscapeDataString(id)}/abonnement" : $"/digests/{Uri.EscapeDataString(id)}/abonnement";

    public static string DigestPath(string buyer, string isoWeek) => $"/digests/{Uri.EscapeDataString(buyer)}/{Uri.EscapeDataString(isoWeek)}";

    public static IReadOnlyList<string> ConfirmValues(SubscriptionEntity s) => [s.RowKey, s.Email.ToLowerInvariant(), s.LinkNonce ?? ""];

    public static IReadOnlyList<string> ManageValues(SubscriptionEntity s) => [s.Kind.ToString(), s.RowKey, s.Email.ToLowerInvariant(), s.ManageNonce ?? ""];

    public static IReadOnlyList<string> DigestValues(string buyer, string isoWeek) => [buyer, isoWeek];

    public string Confirm(SubscriptionEntity s, DateTimeOffset expires) => links.ExpiringLink(ConfirmPath(s.RowKey), ConfirmPurpose, ConfirmValues(s), expires);

    public string Manage(SubscriptionEntity s, DateTimeOffset expires) => links.ExpiringLink(ManagePath(s.Kind, s.RowKey), ManagePurpose, ManageValues(s), expires);

    public string Digest(string buyer, string isoWeek, DateTimeOffset expires) =>
        links.ExpiringLink(DigestPath(buyer, isoWeek), DigestPurpose, DigestValues(buyer, isoWeek), expires);

    /// <summary>An absolute address of ours for a path (a lot page in an e-mail).</summary>
    public string Absolute(string path) => links.Absolute(path);

    public LinkCheck Verify(string purpose, IReadOnlyList<string> values, string? exp, string? token, DateTimeOffset now) =>
        links.VerifyExpiring(purpose, values, exp, token, now);
}

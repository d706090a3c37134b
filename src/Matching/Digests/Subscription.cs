using ClausesSociales.Storage;

namespace ClausesSociales.Digests;

/// <summary>Who receives what: buyers their weekly digest, ESS structures their alerts.</summary>
public enum SubscriberKind
{
    Buyer,
    Structure,
}

/// <summary>
/// A subscription in the Subscriptions table: partition = kind, row = the organisation's identifier
/// (SIRET or eForms organisation identifier for a buyer, SIRET for a structure).
/// </summary>
public sealed class SubscriptionEntity : TableRow
{
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";

    /// <summary>For buyers: departments to restrict the digest to (comma separated), empty for all.</summary>
    public string? Departments { get; set; }

    /// <summary>For structures: immediate, daily or weekly.</summary>
    public string? Frequency { get; set; }

    public bool Active { get; set; } = true;

    public SubscriberKind Kind => Enum.Parse<SubscriberKind>(PartitionKey, ignoreCase: true);

    /// <summary>For structures: CPV prefixes (space separated) it also answers, beyond what its NAF code says.</summary>
    public string? ExtraSectors { get; set; }

    /// <summary>For structures: its area instead of the directory's ("30km", "dep:93,94", "reg:11", "national").</summary>
    public string? AreaOverride { get; set; }

    /// <summary>
    /// A self-service subscription waiting for its address to confirm (double opt-in): not
    /// <see cref="Active"/> until the confirmation link is followed. Admin-made ones never wait.
    /// </summary>
    public bool AwaitingConfirmation { get; set; }

    /// <summary>When the subscription was asked for on the web (null for admin-made ones).</summary>
    public DateTimeOffset? RequestedAt { get; set; }

    /// <summary>A random value signed into the subscription's web links and changed when one is used, so a used link cannot be replayed.</summary>
    public string? LinkNonce { get; set; }

    /// <summary>
    /// A random value given to a subscription made on the web, signed into its manage links and kept
    /// for its life: a link made for a deleted subscription does not manage the one made after it.
    /// </summary>
    public string? ManageNonce { get; set; }

    /// <summary>When the structure was last alerted, for daily and weekly frequencies.</summary>
    public DateTimeOffset? LastAlertAt { get; set; }

    public static SubscriptionEntity Structure(string siret, string name, string email, string frequency, IReadOnlyList<string>? extraSectors = null, string? area = null) => new()
    {
        PartitionKey = SubscriberKind.Structure.ToString(),
        RowKey = TableKeys.Safe(siret),
        Name = name,
        Email = email,
        Frequency = frequency is "immediate" or "daily" or "weekly" ? frequency : throw new ArgumentException($"frequency '{frequency}' is not immediate, daily or weekly"),
        ExtraSectors = extraSectors is { Count: > 0 } sectors
            ? sectors.All(c => c.Length >= 2 && c.All(char.IsAsciiDigit)) ? string.Join(" ", sectors) : throw new ArgumentException($"sectors '{string.Join(" ", sectors)}' are not CPV prefixes")
            : null,
        AreaOverride = area is null ? null : Structures.ServiceArea.TryParse(area, out var parsed) ? parsed.ToString() : throw new ArgumentException($"area '{area}' is not '30km', 'dep:93,94', 'reg:11' or 'national'"),
    };

    /// <summary>The structure as its subscription amends it: extra sectors added, area replaced.</summary>
    public Structures.Structure Amend(Structures.Structure structure) => structure with
    {
        Activities = ExtraSectors is null ? structure.Activities : structure.Activities.Concat(ExtraSectors.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList(),
        Area = AreaOverride is not null && Structures.ServiceArea.TryParse(AreaOverride, out var area) ? area : structure.Area,
    };

    public static SubscriptionEntity Buyer(string identifier, string name, string email, IReadOnlyList<string> departments) => new()
    {
        PartitionKey = SubscriberKind.Buyer.ToString(),
        RowKey = TableKeys.Safe(identifier),
        Name = name,
        Email = email,
        Departments = departments.Count == 0 ? null : string.Join(",", departments),
    };
}

using ClausesSociales.Storage;

namespace ClausesSociales.Structures;

/// <summary>
/// A structure that asked, on the web, to be added to the directory (its SIRET is not in the
/// Structures table): partition "structure", row = the SIRET. Admins review the list in /admin.
/// </summary>
public sealed class PendingStructureEntity : TableRow
{
    public const string Partition = "structure";

    public string Siret { get; set; } = "";
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";

    /// <summary>What the structure says of itself (kind, trades, area), as typed.</summary>
    public string? Message { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>The kind the structure gives itself (<see cref="StructureKind"/> name), if it knows it: the admin's form starts from it.</summary>
    public string? Kind { get; set; }

    /// <summary>The post code of the structure's address, if given: the admin's form starts from it.</summary>
    public string? PostalCode { get; set; }

    public static PendingStructureEntity For(string siret, string name, string email, string? message, DateTimeOffset requestedAt, string? kind = null, string? postalCode = null) => new()
    {
        Kind = kind,
        PostalCode = postalCode,
        PartitionKey = Partition,
        RowKey = TableKeys.Safe(siret),
        Siret = siret,
        Name = name,
        Email = email,
        Message = message,
        RequestedAt = requestedAt,
    };
}

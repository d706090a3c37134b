namespace ClausesSociales.Digests;

/// <summary>An alert for an ESS structure: new lots it matches.</summary>
/// <param name="ManageUrl">The signed page where the structure changes or deletes its subscription.</param>
/// <param name="RecordUrl">The structure's own public record (annuaire des entreprises).</param>
public sealed record Alert(string RecipientName, string Email, IReadOnlyList<AlertLot> Lots, string UnsubscribeUrl, string ManageUrl, string RecordUrl);

/// <param name="PageUrl">The lot's page on our site.</param>
public sealed record AlertLot(string Key, string Title, string Buyer, string? Place, string? Value, string? Deadline, string? Url, string Reason, string PageUrl)
{
    /// <summary>What the buyer declared, or the model flags: "Réservé par l'acheteur aux ESAT et entreprises adaptées (article L2113-12) · Clause d'insertion : déclarée par l'acheteur".</summary>
    public string? Clauses { get; init; }
}

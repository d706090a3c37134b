namespace ClausesSociales.Digests;

/// <summary>An alert for an ESS structure: new lots it matches.</summary>
public sealed record Alert(string RecipientName, string Email, IReadOnlyList<AlertLot> Lots, string UnsubscribeUrl);

public sealed record AlertLot(string Key, string Title, string Buyer, string? Place, string? Value, string? Deadline, string? Url, string Reason);

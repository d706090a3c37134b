namespace ClausesSociales.Web;

/// <summary>
/// French agreement with a count: 0 and 1 take the singular ("1 lot", "0 structure trouvée"), 2 and
/// more the plural ("3 lots"), for the words and verbs around a number in pages, e-mails and reports.
/// </summary>
public static class Plurals
{
    public static string Of(long n, string one, string many) => Math.Abs(n) < 2 ? one : many;

    /// <summary>The count as French writes it ("1 234") and its noun: "3 lots", "1 structure éligible".</summary>
    public static string Count(long n, string one, string many) => $"{n.ToString("N0", LotCards.French)} {Of(n, one, many)}";

    /// <summary>
    /// "de" before a place name, elided or contracted as French writes it: "d'Aulnay-sous-Bois",
    /// "du Havre", "des Lilas", "de La Rochelle", "de Bondy". A name starting with h keeps "de"
    /// (many are aspirated: "de Hautmont").
    /// </summary>
    public static string De(string name)
    {
        if (name.StartsWith("Le ", StringComparison.Ordinal)) return "du " + name[3..];
        if (name.StartsWith("Les ", StringComparison.Ordinal)) return "des " + name[4..];
        return name.Length > 0 && "AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜaeiouyàâäéèêëîïôöùûü".Contains(name[0]) ? "d'" + name : "de " + name;
    }

    /// <summary>Items the French way: "a", "a et b", "a, b et c".</summary>
    public static string List(IReadOnlyList<string> items) =>
        items.Count < 2 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} et {items[^1]}";
}

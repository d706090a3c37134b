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

    /// <summary>Items the French way: "a", "a et b", "a, b et c".</summary>
    public static string List(IReadOnlyList<string> items) =>
        items.Count < 2 ? string.Concat(items) : $"{string.Join(", ", items.Take(items.Count - 1))} et {items[^1]}";
}

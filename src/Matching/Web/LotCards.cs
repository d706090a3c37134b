using System.Globalization;
using System.Text;
using ClausesSociales.Classification;

namespace ClausesSociales.Web;

/// <summary>The pieces of a lot that the board and the lot page both show: tags with probability or declaration, place, deadline, recommendation.</summary>
public static class LotCards
{
    /// <summary>French formats, a percentage kept on its line ("100 %" with a no-break space: .NET's fr-FR writes a plain one).</summary>
    public static readonly CultureInfo French = FrenchFormats();

    private static CultureInfo FrenchFormats()
    {
        var french = (CultureInfo)CultureInfo.GetCultureInfo("fr-FR").Clone();
        french.NumberFormat.PercentSymbol = "\u00A0%";
        french.NumberFormat.PercentPositivePattern = 1; // n%: the symbol carries the space
        french.NumberFormat.PercentNegativePattern = 1;
        return CultureInfo.ReadOnly(french);
    }
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static string LotPath(string source, string noticeId, string lotId) =>
        $"/lots/{Uri.EscapeDataString(source)}/{Uri.EscapeDataString(noticeId)}/{Uri.EscapeDataString(lotId)}";

    public static string Tags(bool reserved, string? reservedMarkers, double? reservedP, bool social, string? socialMarkers, double? socialP, bool green, string? greenMarkers, double? greenP)
    {
        var tags = new StringBuilder("<div class=\"tags\">");
        // What the buyer declared stands out from what the model estimates.
        static string Class(string kind, string? markers) => markers is { Length: > 0 } ? $"tag{kind} declared" : $"tag{kind}";
        if (reserved) tags.Append($"<span class=\"{Class(" reserved", reservedMarkers)}\">{Html.E(Likelihood(Labels.Reserved, reservedMarkers, reservedP))}</span>");
        if (social) tags.Append($"<span class=\"{Class("", socialMarkers)}\">{Html.E(Likelihood(Labels.Social, socialMarkers, socialP))}</span>");
        if (green) tags.Append($"<span class=\"{Class(" green", greenMarkers)}\">{Html.E(Likelihood(Labels.Green, greenMarkers, greenP))}</span>");
        return tags.Append("</div>").ToString();
    }

    /// <summary>
    /// A label as the board, the lot page and the digests name it, with what the buyer declared or,
    /// failing that, the model's probability: "Réservé par l'acheteur aux SIAE (article L2113-13)",
    /// "Réservable : probabilité estimée à 69 %", "Clause d'insertion : déclarée par l'acheteur". What the buyer
    /// declared outranks what the model thinks. The probability is calibrated: about that share of
    /// lots like this one carry the clause, a few percent for most lots.
    /// </summary>
    public static string Likelihood(string label, string? markers, double? probability)
    {
        var declared = markers is { Length: > 0 };
        if (declared && label == Labels.Reserved && Matching.Reservation.Of(markers!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Description is { } reservation)
        {
            return "Réservé par l'acheteur " + reservation;
        }
        var name = label switch
        {
            Labels.Reserved => declared ? "Marché réservé" : "Réservable",
            Labels.Social => "Clause d'insertion",
            _ => "Clause environnementale",
        };
        var how = declared ? (label == Labels.Reserved ? "déclaré par l'acheteur" : "déclarée par l'acheteur")
            : probability is { } p ? "probabilité estimée à " + Percent(p) : "probabilité non évaluée";
        return $"{name} : {how}";
    }

    /// <summary>
    /// Where a notice was published, as its readers say it: "publié au BOAMP", "publié au JOUE (TED)",
    /// from the notice's address first (a BOAMP notice read from its web page is still BOAMP), else
    /// from the feed it came by.
    /// </summary>
    public static string PublishedIn(string source, string? url)
    {
        var host = SafeUrl.Http(url) is { } safe && Uri.TryCreate(safe, UriKind.Absolute, out var uri) ? uri.Host : "";
        bool On(string domain) => host.Equals(domain, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase);
        if (On("boamp.fr")) return "publié au BOAMP";
        if (On("ted.europa.eu")) return "publié au JOUE (TED)";
        return source switch
        {
            "boamp" => "publié au BOAMP",
            "ted" => "publié au JOUE (TED)",
            _ => "publié sur le site de l'acheteur",
        };
    }

    /// <summary>The departments by name and code ("Rhône (69), Ain (01)"), or "Lieu non précisé".</summary>
    public static string Place(string? departments) => Digests.DigestBuilder.Place((departments ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)) ?? "Lieu non précisé";

    public static string Deadline(DateTimeOffset? deadline) =>
        deadline is { } d ? "Réponse avant le " + ParisDayAndHour(d) : "Date limite non précisée";

    /// <summary>An instant in words, in French time: "14 décembre 2026 à 12 h", "1er juillet 2026 à 17 h 30".</summary>
    public static string ParisDayAndHour(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Paris);
        var hour = local.Minute == 0 ? $"{local.Hour}\u00A0h" : $"{local.Hour}\u00A0h\u00A0{local.Minute:00}";
        return $"{LongDate(DateOnly.FromDateTime(local.DateTime))} à {hour}";
    }

    /// <summary>A probability as a whole percentage, its sign on its line: "80 %".</summary>
    public static string Percent(double probability) => probability.ToString("P0", French);

    /// <summary>The day of the month as the French write it in a date: "1er", "2", "31".</summary>
    public static string DayOfMonth(DateOnly day) => day.Day == 1 ? "1er" : day.Day.ToString(CultureInfo.InvariantCulture);

    /// <summary>A date in words: "1er janvier 2014", "25 novembre 2026".</summary>
    public static string LongDate(DateOnly day) => $"{DayOfMonth(day)} {day.ToString("MMMM yyyy", French)}";

    /// <summary>A date stored as text ("2026-11-13") in words; text that is no date, as it is.</summary>
    public static string LongDate(string? iso) => DateOnly.TryParse(iso, CultureInfo.InvariantCulture, out var day) ? LongDate(day) : iso ?? "";

    /// <summary>An instant as read in France (summer and winter time alike): dd/MM/yyyy HH:mm.</summary>
    public static string ParisTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Paris).ToString("dd/MM/yyyy HH:mm", French);

    /// <summary>An amount in French ("390 000 €"), its currency kept on its line; a currency other than the euro by its code.</summary>
    public static string? Value(double? value, string? currency = null) =>
        value is { } v ? v.ToString("N0", French) + "\u00A0" + (currency is null or "EUR" ? "€" : currency) : null;

    public static string Reasons(string? reasons, int max)
    {
        var lines = (reasons ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(max).ToList();
        return lines.Count == 0 ? "" : "<ul class=\"reasons\">" + string.Concat(lines.Select(l => $"<li>{Html.E(l)}</li>")) + "</ul>";
    }
}

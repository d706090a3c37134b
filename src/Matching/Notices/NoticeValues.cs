using System.Globalization;
using System.Text.RegularExpressions;
using ClausesSociales.Geography;

namespace ClausesSociales.Notices;

/// <summary>Reads the values that every format writes in its own way: CPV codes, amounts, dates, places.</summary>
internal static partial class NoticeValues
{
    /// <summary>"45432111-5" or "45432111" → "45432111"; null when the text is not a CPV code.</summary>
    public static string? Cpv(string? text)
    {
        if (text is null) return null;
        var m = CpvCode().Match(text);
        return m.Success ? m.Groups[1].Value : null;
    }

    public static decimal? Amount(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var cleaned = text.Replace("\u00a0", "").Replace("\u202f", "").Replace(" ", "").Replace("€", "").Replace("EUR", "", StringComparison.OrdinalIgnoreCase);
        // French notation writes 12 500,50; XML writes 12500.50.
        if (cleaned.Contains(',') && !cleaned.Contains('.')) cleaned = cleaned.Replace(',', '.');
        return decimal.TryParse(cleaned, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0 ? value : null;
    }

    /// <summary>A duration in months from an amount and a unit (DAY, MONTH, YEAR or the eForms codes).</summary>
    public static decimal? Months(string? amount, string? unit)
    {
        if (Amount(amount) is not { } value) return null;
        return unit?.ToUpperInvariant() switch
        {
            "DAY" or "D" or "DAYS" => Math.Round(value / 30.4375m, 1),
            "YEAR" or "ANN" or "Y" or "YEARS" => value * 12,
            _ => value,
        };
    }

    /// <summary>The months from a start date to an end date, when a notice gives its duration that way (TED R2 DATE_START and DATE_END, eForms BT-536 and BT-537).</summary>
    public static decimal? MonthsBetween(string? start, string? end)
    {
        if (Date(start) is not { } s || Date(end) is not { } e || e < s) return null;
        return Math.Round((e.DayNumber - s.DayNumber) / 30.4375m, 1);
    }

    /// <summary>Dates as written in notices: 2023-03-23, 2023-03-23+01:00, 20210113, 13/01/2021.</summary>
    public static DateOnly? Date(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim();
        if (t.Length >= 10 && DateOnly.TryParseExact(t[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso)) return iso;
        if (t.Length >= 8 && DateOnly.TryParseExact(t[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var compact)) return compact;
        if (t.Length >= 10 && DateOnly.TryParseExact(t[..10], "dd/MM/yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var french)) return french;
        return null;
    }

    /// <summary>A deadline from a date and an optional time, each possibly carrying an offset; Paris time when none is given.</summary>
    public static DateTimeOffset? Deadline(string? date, string? time = null)
    {
        if (string.IsNullOrWhiteSpace(date)) return null;
        var d = date.Trim();
        if (DateTimeOffset.TryParse(d, CultureInfo.InvariantCulture, DateTimeStyles.None, out var full) && d.Contains('T'))
        {
            return HasOffset(d) ? full : AtParis(DateOnly.FromDateTime(full.DateTime), TimeOnly.FromDateTime(full.DateTime));
        }
        if (Date(d) is not { } day) return null;
        var offset = Offset(d[Math.Min(d.Length, 10)..]) ?? Offset(time);
        var clock = TimeOnly.MinValue;
        if (!string.IsNullOrWhiteSpace(time))
        {
            var t = time.Trim();
            var hm = TimeOfDay().Match(t);
            if (hm.Success) clock = new TimeOnly(int.Parse(hm.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(hm.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        else if (d.Length > 8 && TimeOfDay().Match(d, Math.Min(d.Length, 8)) is { Success: true } inline)
        {
            // TED writes "20210210 16:00".
            clock = new TimeOnly(int.Parse(inline.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(inline.Groups[2].Value, CultureInfo.InvariantCulture));
        }
        return offset is { } o ? new DateTimeOffset(day.ToDateTime(clock), o) : AtParis(day, clock);
    }

    private static bool HasOffset(string text) => text.EndsWith('Z') || OffsetSuffix().IsMatch(text);

    private static TimeSpan? Offset(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text.EndsWith('Z')) return TimeSpan.Zero;
        var m = OffsetSuffix().Match(text);
        if (!m.Success) return null;
        var span = new TimeSpan(int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), 0);
        return m.Groups[1].Value == "-" ? -span : span;
    }

    private static readonly TimeZoneInfo Paris = FindParis();

    private static TimeZoneInfo FindParis()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"); }
        catch (TimeZoneNotFoundException) { return TimeZoneInfo.Utc; }
    }

    /// <summary>The calendar day in Paris at an instant.</summary>
    public static DateOnly ParisDay(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Paris).DateTime);

    private static DateTimeOffset AtParis(DateOnly day, TimeOnly clock)
    {
        var local = day.ToDateTime(clock);
        return new DateTimeOffset(local, Paris.GetUtcOffset(local));
    }

    /// <summary>
    /// The NUTS code of a country (level 0) from the ISO 3166-1 code a notice writes where a place has
    /// no NUTS code: alpha-3 in eForms ("EST" is Estonia, EE, not Spain), alpha-2 in TED R2 ("GR" is
    /// EL, and the overseas departments are France); an unknown code is kept as given.
    /// </summary>
    public static string NutsCountry(string iso) => iso.Trim().ToUpperInvariant() switch
    {
        "GR" => "EL", "GB" => "UK", "RE" or "MQ" or "GP" or "GF" or "YT" => "FR",
        "AUT" => "AT", "BEL" => "BE", "BGR" => "BG", "HRV" => "HR", "CYP" => "CY", "CZE" => "CZ", "DNK" => "DK",
        "EST" => "EE", "FIN" => "FI", "FRA" => "FR", "DEU" => "DE", "GRC" => "EL", "HUN" => "HU", "IRL" => "IE",
        "ITA" => "IT", "LVA" => "LV", "LTU" => "LT", "LUX" => "LU", "MLT" => "MT", "NLD" => "NL", "POL" => "PL",
        "PRT" => "PT", "ROU" => "RO", "SVK" => "SK", "SVN" => "SI", "ESP" => "ES", "SWE" => "SE", "ISL" => "IS",
        "LIE" => "LI", "NOR" => "NO", "CHE" => "CH", "GBR" => "UK", "MKD" => "MK", "MNE" => "ME", "ALB" => "AL",
        "SRB" => "RS", "TUR" => "TR", "BIH" => "BA", "UKR" => "UA", "MDA" => "MD", "GEO" => "GE",
        var other => other,
    };

    /// <summary>
    /// The buyer's main activity as an eForms code (authority-activity, entity-activity: "gen-pub",
    /// "hc-am", "electricity"), from either form: TED R2 writes it as CA_ACTIVITY/CE_ACTIVITY values
    /// ("HOUSING_AND_COMMUNITY_AMENITIES"); an unknown value is kept folded, "other" is nothing.
    /// </summary>
    public static string? BuyerActivity(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var code = value.Trim().ToUpperInvariant() switch
        {
            "GENERAL_PUBLIC_SERVICES" => "gen-pub", "HOUSING_AND_COMMUNITY_AMENITIES" => "hc-am", "SOCIAL_PROTECTION" => "soc-pro",
            "HEALTH" => "health", "EDUCATION" => "education", "ENVIRONMENT" => "env-pro", "DEFENCE" => "defence",
            "RECREATION_CULTURE_AND_RELIGION" => "rcr", "PUBLIC_ORDER_AND_SAFETY" => "pub-os", "ECONOMIC_AND_FINANCIAL_AFFAIRS" => "econ-aff",
            "URBAN_RAILWAY_TRAMWAY_TROLLEYBUS_BUS_SERVICES" => "urttb", "RAILWAY_SERVICES" => "rail", "ELECTRICITY" => "electricity",
            "WATER" => "water", "PRODUCTION_TRANSPORT_DISTRIBUTION_GAS_HEAT" => "gas-heat", "POSTAL_SERVICES" => "post",
            "AIRPORT_RELATED_ACTIVITIES" => "airport", "PORT_RELATED_ACTIVITIES" => "port", "EXPLORATION_EXTRACTION_GAS_OIL" => "gas-oil",
            "EXPLORATION_EXTRACTION_COAL_OTHER_SOLID_FUEL" => "solid-fuel",
            var other => other.ToLowerInvariant(),
        };
        return code is "other" or "oth" ? null : code;
    }

    /// <summary>The French departments a list of NUTS codes and department codes names, in order, without repeats.</summary>
    public static IReadOnlyList<string> Departments(IEnumerable<string?> places)
    {
        var result = new List<string>();
        foreach (var place in places)
        {
            if (FrenchGeography.Instance.Resolve(place) is { } d && !result.Contains(d.Code)) result.Add(d.Code);
        }
        return result;
    }

    /// <summary>Lower case without accents: "Métallerie" → "metallerie", "Collectivité" → "collectivite".</summary>
    public static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(System.Text.NormalizationForm.FormD);
        return new string(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
    }

    public static ContractNature? Nature(string? code) => code?.Trim().ToUpperInvariant() switch
    {
        "WORKS" or "TRAVAUX" => ContractNature.Works,
        "SUPPLIES" or "FOURNITURES" or "FOURNITURE" => ContractNature.Supplies,
        "SERVICES" or "SERVICE" => ContractNature.Services,
        _ => null,
    };

    public static string? Clean(string? text)
    {
        if (text is null) return null;
        var t = Spaces().Replace(text, " ").Trim();
        return t.Length == 0 ? null : t;
    }

    [GeneratedRegex(@"^\s*(\d{8})(?:-\d)?\s*$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CpvCode();

    [GeneratedRegex(@"(\d{1,2})[:h](\d{2})", RegexOptions.NonBacktracking, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TimeOfDay();

    [GeneratedRegex(@"([+-])(\d{2}):(\d{2})$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OffsetSuffix();

    [GeneratedRegex(@"[ \t\u00a0]+", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Spaces();
}

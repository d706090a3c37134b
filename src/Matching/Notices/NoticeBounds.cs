using System.Globalization;
using ClausesSociales.Storage;

namespace ClausesSociales.Notices;

/// <summary>
/// Brings a parsed notice within what storage holds (Table Storage: 64 KiB per property, 1 MiB
/// per entity) and what a lot table means: free text is cut, short fields are cut or dropped,
/// lists are shortened, over-long ids are shortened with a hash, and a lot id repeated inside the
/// notice keeps its first lot. Each change is reported as a defect of the notice, so that nothing
/// is lost silently and a hostile field cannot stop the batch.
/// </summary>
public static class NoticeBounds
{
    /// <summary>Title and description: 30,000 characters (60 KB in UTF-16, under the 64 KiB property limit).</summary>
    public const int MaxTextChars = 30_000;

    /// <summary>Names, identifiers, codes: a few hundred characters is already far beyond any real value.</summary>
    public const int MaxFieldChars = 1_000;

    /// <summary>A notice URL longer than browsers accept is useless cut: it is dropped.</summary>
    public const int MaxUrlChars = 2_048;

    /// <summary>Ids longer than this are shortened to a head and a hash of the whole id.</summary>
    public const int MaxIdChars = 200;

    /// <summary>CPV codes, NUTS codes, departments and markers per lot.</summary>
    public const int MaxListItems = 300;

    public static Notice Bound(Notice notice)
    {
        var defects = new List<string>();
        var buyer = new Buyer(
            Field(notice.Buyer.Name, "buyer name", defects),
            Field(notice.Buyer.Identifier, "buyer identifier", defects),
            Field(notice.Buyer.Kind, "buyer kind", defects))
        {
            Country = Field(notice.Buyer.Country, "buyer country", defects),
        };

        var lots = new List<Lot>(notice.Lots.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var repeated = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var lot in notice.Lots)
        {
            var lotId = Id(lot.LotId, "lot id", defects);
            if (!seen.Add(lotId))
            {
                repeated[lotId] = repeated.GetValueOrDefault(lotId) + 1;
                continue;
            }
            lots.Add(BoundLot(lot, lotId, defects));
        }
        foreach (var (lotId, count) in repeated)
        {
            defects.Add(string.Create(CultureInfo.InvariantCulture, $"lot id '{Show(lotId)}' appears {count + 1} times in the notice: the first lot is kept, the {count} other(s) ignored"));
        }

        var noticeId = Id(notice.NoticeId, "notice id", defects);
        var title = Text(notice.Title, "notice title", defects);
        var url = Url(notice.Url, defects);
        var language = Field(notice.Language, "language", defects);
        var procedure = Field(notice.ContractFolderId, "procedure identifier", defects);
        var changed = Field(notice.ChangedNoticeId, "changed notice identifier", defects);
        if (defects.Count == 0) return notice;
        return notice with
        {
            NoticeId = noticeId,
            Buyer = buyer,
            Title = title,
            Url = url,
            Language = language,
            Lots = lots,
            ContractFolderId = procedure,
            ChangedNoticeId = changed,
            Defects = [.. notice.Defects, .. defects.Distinct()],
        };
    }

    private static Lot BoundLot(Lot lot, string lotId, List<string> defects)
    {
        var where = $"lot {Show(lotId)}";
        return lot with
        {
            LotId = lotId,
            Title = Text(lot.Title, $"{where} title", defects),
            Description = Text(lot.Description, $"{where} description", defects),
            MainCpv = Field(lot.MainCpv, $"{where} main CPV", defects),
            AdditionalCpv = List(lot.AdditionalCpv, $"{where} additional CPV codes", defects),
            Nuts = List(lot.Nuts, $"{where} NUTS codes", defects),
            Departments = List(lot.Departments, $"{where} departments", defects),
            Currency = Field(lot.Currency, $"{where} currency", defects),
            Markers = new Markers(
                List(lot.Markers.Social, $"{where} social markers", defects),
                List(lot.Markers.Reserved, $"{where} reserved markers", defects),
                List(lot.Markers.Green, $"{where} green markers", defects),
                List(lot.Markers.Innovation, $"{where} innovation markers", defects)),
        };
    }

    private static string? Text(string? value, string what, List<string> defects) => Cut(value, MaxTextChars, what, defects);

    private static string? Field(string? value, string what, List<string> defects) => Cut(value, MaxFieldChars, what, defects);

    private static string? Cut(string? value, int max, string what, List<string> defects)
    {
        if (value is null || value.Length <= max) return value;
        defects.Add(string.Create(CultureInfo.InvariantCulture, $"{what} is {value.Length:N0} characters long: cut to {max:N0}"));
        return value[..max] + "…";
    }

    private static string? Url(string? value, List<string> defects)
    {
        if (value is null || value.Length <= MaxUrlChars) return value;
        defects.Add(string.Create(CultureInfo.InvariantCulture, $"notice URL is {value.Length:N0} characters long (over {MaxUrlChars:N0}): dropped"));
        return null;
    }

    private static string Id(string id, string what, List<string> defects)
    {
        if (id.Length <= MaxIdChars) return id;
        var shortened = id[..(MaxIdChars - 17)] + "~" + Hashes.Hex(id, 16);
        defects.Add(string.Create(CultureInfo.InvariantCulture, $"{what} is {id.Length:N0} characters long: shortened to '{shortened}'"));
        return shortened;
    }

    private static IReadOnlyList<string> List(IReadOnlyList<string> values, string what, List<string> defects)
    {
        var tooMany = values.Count > MaxListItems;
        var tooLong = values.Any(v => v.Length > 100);
        if (!tooMany && !tooLong) return values;
        if (tooMany) defects.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {values.Count:N0} values, the first {MaxListItems} kept"));
        if (tooLong) defects.Add($"{what}: values over 100 characters are not codes, dropped");
        return values.Where(v => v.Length <= 100).Take(MaxListItems).ToArray();
    }

    private static string Show(string id) => id.Length <= 40 ? id : id[..40] + "…";
}

using System.Globalization;
using ClausesSociales.Geography;
using ClausesSociales.Matching;

namespace ClausesSociales.Web;

/// <summary>
/// The filters of the lots board, read from the query string (<c>dep</c>, <c>reg</c>, <c>kind</c>,
/// <c>cpv</c>, <c>before</c>, and the <c>after</c> cursor of the next page). A value that is not
/// one we know is reported in French and ignored, never passed to storage.
/// </summary>
public sealed record BoardFilter(string? Department, string? Region, string? Kind, string? CpvDivision, DateOnly? Before, string? After, IReadOnlyList<string> Problems)
{
    public const int PageSize = 20;
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>
    {
        ["reserved"] = "Réservable (ESAT, EA, SIAE)",
        ["social"] = "Clause d'insertion",
        ["green"] = "Clause environnementale",
    };

    public static BoardFilter Parse(IReadOnlyDictionary<string, string?> query)
    {
        var problems = new List<string>();
        string? Value(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        var department = Value("dep");
        if (department is not null)
        {
            department = FrenchGeography.Instance.ByCode(department)?.Code;
            if (department is null) problems.Add("Département inconnu : filtre ignoré.");
        }
        var region = Value("reg");
        if (region is not null && !FrenchGeography.Instance.Departments.Any(x => x.RegionCode == region)) { problems.Add("Région inconnue : filtre ignoré."); region = null; }
        if (department is not null && region is not null && FrenchGeography.Instance.ByCode(department)!.RegionCode != region)
        {
            // A department narrows its own region; one of another region contradicts it, and the department, the narrower, stands.
            problems.Add($"{FrenchGeography.Instance.ByCode(department)!.InFrench()} n'est pas dans la région choisie : filtre de région ignoré.");
            region = null;
        }
        var kind = Value("kind");
        if (kind is not null && !Kinds.ContainsKey(kind)) { problems.Add("Type de clause inconnu : filtre ignoré."); kind = null; }
        var cpv = Value("cpv");
        if (cpv is not null && (cpv.Length != 2 || !cpv.All(char.IsAsciiDigit))) { problems.Add("Division CPV invalide (deux chiffres) : filtre ignoré."); cpv = null; }
        DateOnly? before = null;
        if (Value("before") is { } b)
        {
            // The last day a calendar holds has no day after it to bound the range: no limit either way.
            if (DateOnly.TryParseExact(b, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) before = day < DateOnly.MaxValue ? day : null;
            else problems.Add("Date limite invalide (AAAA-MM-JJ) : filtre ignoré.");
        }
        var after = Value("after");
        // A cursor is a board row key: a deadline (12 digits) and a lot, as the "Page suivante" link wrote it.
        if (after is not null && (after.Length > 600 || after.Any(c => char.IsControl(c) || c == '\'') || after.Length < 14 || after[12] != '_' || !after[..12].All(char.IsAsciiDigit)))
        {
            problems.Add("Page demandée invalide : retour à la première page.");
            after = null;
        }
        return new BoardFilter(department, region, kind, cpv, before, after, problems);
    }

    /// <summary>The board scope to read: the department's, else the region's, else the CPV division's, else all lots.</summary>
    public string Scope => Department is { } d ? BoardEntity.DepartmentScope(d) : Region is { } r ? BoardEntity.RegionScope(r)
        : CpvDivision is { } cpv ? BoardEntity.CpvScope(cpv) : BoardEntity.All;

    /// <summary>The first bucket to read: the cursor's, else the current one.</summary>
    public string FirstBucket(DateTimeOffset now) => After is { } a && string.CompareOrdinal(a, BoardEntity.DeadlineKey(now)) > 0
        ? BoardEntity.BucketOfRowKey(Scope, a) : BoardEntity.Bucket(Scope, now);

    /// <summary>The table filter on one week's partition of the scope: a row-key range on the deadline, then the property filters.</summary>
    public string TableFilter(DateTimeOffset now, string bucket)
    {
        var parts = new List<string>
        {
            Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {BoardEntity.Partition(Scope, bucket)}"),
            After is { } a && string.CompareOrdinal(a, BoardEntity.DeadlineKey(now)) > 0
                ? Azure.Data.Tables.TableClient.CreateQueryFilter($"RowKey gt {a}")
                : Azure.Data.Tables.TableClient.CreateQueryFilter($"RowKey ge {BoardEntity.DeadlineKey(now)}"),
        };
        // A lot without a deadline is open while its notice is recent.
        parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"(RowKey lt {BoardEntity.NoDeadline} or PublicationDate ge {Storage.LotEntity.UndatedOpenSince(now)})"));
        if (Before is { } before) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"RowKey lt {BoardEntity.DeadlineKey(new DateTimeOffset(before.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))}"));
        // A lot the local supply recommends reserving, or opening to a clause d'insertion, is one the buyer could reserve or open.
        if (Kind == "reserved") parts.Add($"(IsReserved eq true or Potential eq '{InclusivePotential.ReserveSheltered}' or Potential eq '{InclusivePotential.ReserveSiae}')");
        if (Kind == "social") parts.Add($"(IsSocial eq true or Potential eq '{InclusivePotential.InsertionClause}')");
        if (Kind == "green") parts.Add("IsGreen eq true");
        if (CpvDivision is { } cpv) parts.Add(Azure.Data.Tables.TableClient.CreateQueryFilter($"CpvDivision eq {cpv}"));
        return string.Join(" and ", parts);
    }

    /// <summary>Whether any filter is set (the cursor aside).</summary>
    public bool IsFiltered => QueryString(null).Length > 0;

    /// <summary>The query string of these filters, with a cursor for another page.</summary>
    public string QueryString(string? after)
    {
        var pairs = new List<string>();
        void Add(string name, string? value) { if (value is not null) pairs.Add($"{name}={Uri.EscapeDataString(value)}"); }
        Add("dep", Department);
        Add("reg", Region);
        Add("kind", Kind);
        Add("cpv", CpvDivision);
        Add("before", Before?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("after", after);
        return pairs.Count == 0 ? "" : "?" + string.Join("&", pairs);
    }
}

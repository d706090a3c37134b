using System.Globalization;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// A row of the Board table, the lots board's index: one lot, written under the scope "all", its
/// region's ("reg-84"), each of its departments' ("dep-69") and its CPV division's ("cpv-55"), each
/// scope cut into one partition per ISO week of the deadline ("dep-69|2026-W50"), with the row key
/// "{deadline yyyyMMddHHmm UTC}_{lot}". A page is then a few range queries on small partitions,
/// in deadline order, never a scan of Lots nor of a partition holding every lot.
/// It holds what a card of the board shows.
/// </summary>
public sealed class BoardEntity : TableRow
{
    public const string All = "all";
    public const string NoDeadline = "999999999999";

    public string Source { get; set; } = "";
    public string NoticeId { get; set; } = "";
    public string LotId { get; set; } = "";
    public string? Title { get; set; }
    public string? BuyerName { get; set; }
    public string? Departments { get; set; }
    public string? MainCpv { get; set; }
    public string? CpvDivision { get; set; }
    public DateTimeOffset? Deadline { get; set; }

    /// <summary>The notice's publication day ("yyyy-MM-dd"): a lot without a deadline leaves the board <see cref="Storage.LotEntity.UndatedOpenDays"/> days after it.</summary>
    public string? PublicationDate { get; set; }
    public double? EstimatedValue { get; set; }
    public bool IsReserved { get; set; }
    public bool IsSocial { get; set; }
    public bool IsGreen { get; set; }
    public string? SocialMarkers { get; set; }
    public string? ReservedMarkers { get; set; }
    public string? GreenMarkers { get; set; }
    public double? SocialProbability { get; set; }
    public double? ReservedProbability { get; set; }
    public double? GreenProbability { get; set; }
    public string? Reasons { get; set; }
    public string? Potential { get; set; }

    /// <summary>The best-matched structures, one per line: "siret\tname\tkind\tdistance km\treason".</summary>
    public string? TopStructures { get; set; }

    public static string DepartmentScope(string code) => $"dep-{code}";
    public static string RegionScope(string code) => $"reg-{code}";
    public static string CpvScope(string division) => $"cpv-{division}";

    /// <summary>
    /// The partition bucket of a lot in a scope, by its deadline: a department holds few lots and
    /// keeps one partition ("any"); a region or a CPV division one per month ("2026-12"); all lots
    /// one per ISO week ("2026-W50"); lots without a deadline go to "none", sorted last.
    /// </summary>
    public static string Bucket(string scope, DateTimeOffset? deadline) =>
        scope.StartsWith("dep-", StringComparison.Ordinal) ? "any"
        : deadline is not { } d ? "none"
        : scope == All ? Digests.IsoWeeks.Of(DateOnly.FromDateTime(d.UtcDateTime))
        : d.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The bucket of a row key in a scope, from the deadline the key starts with.</summary>
    public static string BucketOfRowKey(string scope, string rowKey) =>
        Bucket(scope, rowKey.Length >= 12 && rowKey[..12] != NoDeadline
            && DateTime.TryParseExact(rowKey[..12], "yyyyMMddHHmm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? new DateTimeOffset(d, TimeSpan.Zero) : null);

    /// <summary>The partition of the Board table listing a scope's buckets, or null for a scope of one bucket.</summary>
    public static string? BucketList(string scope) =>
        scope.StartsWith("dep-", StringComparison.Ordinal) ? null : scope == All ? "buckets-week" : "buckets-month";

    public static string Partition(string scope, string bucket) => $"{scope}|{bucket}";

    /// <summary>
    /// The table holding a partition: one table per scope and bucket ("Boarddep69any",
    /// "Boardall2026W50"), because the storage emulator reads a whole table for any query, and so
    /// that a past bucket can be dropped whole. Table names are letters and digits only.
    /// </summary>
    public static string TableOf(string partition) => "Board" + new string(partition.Where(char.IsAsciiLetterOrDigit).ToArray());

    public string Scope => PartitionKey[..PartitionKey.IndexOf('|')];

    /// <summary>The sortable deadline part of a row key; lots without a deadline sort last.</summary>
    public static string DeadlineKey(DateTimeOffset? deadline) =>
        deadline is { } d ? d.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture) : NoDeadline;

    public static string RowKeyOf(DateTimeOffset? deadline, string lotKey) => $"{DeadlineKey(deadline)}_{lotKey}";
}

/// <summary>A bucket holding lots, in the "buckets-week" or "buckets-month" partition of the Board table (the small list each page reads first).</summary>
public sealed class BoardBucketEntity : TableRow
{
}

/// <summary>The BoardLots table's pointer from a lot to the rows written for it ("lot" partition), so that a re-index removes the stale ones.</summary>
public sealed class BoardPointerEntity : TableRow
{
    public const string Partition = "lot";

    /// <summary>"partition/rowKey" of each row, one per line.</summary>
    public string Rows { get; set; } = "";
}

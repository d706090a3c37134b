using System.Globalization;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// A row of the Board table, the lots board's index: one lot, written in the partition "all", in
/// its region's ("reg-84") and in each of its departments' ("dep-69"), with the row key
/// "{deadline yyyyMMddHHmm UTC}_{lot}", so that a filtered page is one range query in one
/// partition, in deadline order, never a scan of Lots. It holds what a card of the board shows.
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

    public static string DepartmentPartition(string code) => $"dep-{code}";
    public static string RegionPartition(string code) => $"reg-{code}";

    /// <summary>The sortable deadline part of a row key; lots without a deadline sort last.</summary>
    public static string DeadlineKey(DateTimeOffset? deadline) =>
        deadline is { } d ? d.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture) : NoDeadline;

    public static string RowKeyOf(DateTimeOffset? deadline, string lotKey) => $"{DeadlineKey(deadline)}_{lotKey}";
}

/// <summary>The Board table's pointer from a lot to the rows written for it ("lot" partition), so that a re-index removes the stale ones.</summary>
public sealed class BoardPointerEntity : TableRow
{
    public const string Partition = "lot";

    /// <summary>"partition/rowKey" of each row, one per line.</summary>
    public string Rows { get; set; } = "";
}

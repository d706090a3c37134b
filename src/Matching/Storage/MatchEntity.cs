using Azure.Data.Tables;

namespace ClausesSociales.Storage;

/// <summary>
/// A lot x structure match in the Matches table: partition = the notice (as its lots'), row =
/// lot|SIRET (the lot by its whole identity, as its row in Lots, so that no two matches of the
/// table share a row key), and all the matches of a notice are written in one transaction.
/// </summary>
public sealed class MatchEntity : TableRow
{

    public string Source { get; set; } = "";
    public string NoticeId { get; set; } = "";
    public string LotId { get; set; } = "";
    public string Siret { get; set; } = "";
    public string Name { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Department { get; set; } = "";
    public int Rank { get; set; }
    public double Score { get; set; }
    public double? DistanceKm { get; set; }
    public string Reasons { get; set; } = "";
    public string Potential { get; set; } = "";

    /// <summary>A lot's identity as one key, for the tables that index lots (board, alerts sent).</summary>
    public static string LotKey(string source, string noticeId, string lotId) => TableKeys.Safe($"{source}_{noticeId}_{lotId}");

    /// <summary>The partition of a notice's matches.</summary>
    public static string Partition(string source, string noticeId) => TableKeys.Notice(source, noticeId);

    /// <summary>The row of a lot's match with a structure.</summary>
    public static string Row(string source, string noticeId, string lotId, string siret) => $"{LotPrefix(source, noticeId, lotId)}{siret}";

    /// <summary>The filter of one lot's matches: a range of rows inside the notice's partition.</summary>
    public static string LotFilter(string source, string noticeId, string lotId)
    {
        var prefix = LotPrefix(source, noticeId, lotId);
        // '}' follows '|' in code order: the range holds exactly the rows that start with the prefix.
        return TableClient.CreateQueryFilter($"PartitionKey eq {Partition(source, noticeId)} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "}"}");
    }

    private static string LotPrefix(string source, string noticeId, string lotId) => TableKeys.Safe($"{source}_{noticeId}_{lotId}", TableKeys.MaxLength - 20) + "|";
}

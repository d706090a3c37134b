namespace ClausesSociales.Storage;

/// <summary>A lot x structure match in the Matches table: partition = the lot, row = the structure's SIRET.</summary>
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

    /// <summary>The partition of a lot's matches.</summary>
    public static string LotKey(string source, string noticeId, string lotId) => TableKeys.Safe($"{source}_{noticeId}_{lotId}");
}

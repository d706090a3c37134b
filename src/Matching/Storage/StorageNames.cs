namespace ClausesSociales.Storage;

/// <summary>Container and table names, shared by every stage so that they meet in storage.</summary>
public static class StorageNames
{
    public const string RawNotices = "raw-notices";
    public const string Quarantine = "quarantine";
    public const string Models = "models";
    public const string Training = "training";
    public const string Digests = "digests";

    public const string Tenders = "Tenders";
    public const string Lots = "Lots";
    public const string Structures = "Structures";
    public const string Matches = "Matches";
    public const string Subscriptions = "Subscriptions";
    public const string Errors = "Errors";
    public const string Runs = "Runs";
    public const string Feedback = "Feedback";
    public const string Procedures = "Procedures";

    /// <summary>The lots board's index (src/Matching/Web/BoardEntity.cs), written after matching, read by the pages.</summary>
    public const string Board = "Board";

    /// <summary>Which Board rows each lot has, so that a re-index removes the stale ones; the rows themselves are in one table per scope and bucket ("Boarddep69any").</summary>
    public const string BoardLots = "BoardLots";

    /// <summary>Queue of parsed notices, "{source, noticeId}" messages, that ClassifyAndMatch takes in the Functions app.</summary>
    public const string ParsedNoticesQueue = "parsed-notices";

    public static readonly string[] Containers = [RawNotices, Quarantine, Models, Training, Digests];
    public static readonly string[] Tables = [Tenders, Lots, Structures, Matches, Subscriptions, Errors, Runs, Feedback, Procedures, Board, BoardLots];
}

/// <summary>Table keys may not hold '/', '\', '#', '?' nor control characters; this maps them away, reversibly enough to read.</summary>
public static class TableKeys
{
    public static string Safe(string value)
    {
        var chars = value.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = chars[i] switch
            {
                '/' => '|',
                '\\' or '#' or '?' => '_',
                var c when char.IsControl(c) => '_',
                var c => c,
            };
        }
        var safe = new string(chars);
        return safe.Length <= 512 ? safe : safe[..512];
    }

    /// <summary>The partition of a notice's lots: one notice, one partition, so its lots are written in one transaction.</summary>
    public static string Notice(string source, string noticeId) => Safe($"{source}_{noticeId}");
}

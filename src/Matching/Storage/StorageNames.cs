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

    /// <summary>Structures that asked to be added (a SIRET the Structures table does not hold), for admins to review.</summary>
    public const string PendingStructures = "PendingStructures";
    public const string Feedback = "Feedback";
    public const string Procedures = "Procedures";

    /// <summary>Awarded contracts from DECP (partition = buyer SIRET) and the contracts each titulaire won (partition = SIRET).</summary>
    public const string Contracts = "Contracts";
    public const string Awards = "Awards";

    /// <summary>The lots board's index (src/Matching/Web/BoardEntity.cs), written after matching, read by the pages.</summary>
    public const string Board = "Board";

    /// <summary>Which Board rows each lot has, so that a re-index removes the stale ones; the rows themselves are in one table per scope and bucket ("Boarddep69any").</summary>
    public const string BoardLots = "BoardLots";

    /// <summary>Queue of parsed notices, "{source, noticeId}" messages, that ClassifyAndMatch takes in the Functions app.</summary>
    public const string ParsedNoticesQueue = "parsed-notices";

    public static readonly string[] Containers = [RawNotices, Quarantine, Models, Training, Digests];
    public static readonly string[] Tables = [Tenders, Lots, Structures, Matches, Subscriptions, Errors, Runs, Feedback, Procedures, Contracts, Awards, Board, BoardLots, PendingStructures];
}

/// <summary>
/// Table keys may not hold '/', '\', '#', '?' nor control characters, and hold at most 1 KiB.
/// <see cref="Safe"/> escapes those characters (its escape character '~', and '|' which joins
/// parts of composite keys) as ~XXXX, so two
/// different values never share a key; a value too long for a key keeps its head and ends with
/// ~h and a hash of the whole value, a form no escaped value can take.
/// </summary>
public static class TableKeys
{
    /// <summary>Longest key <see cref="Safe"/> returns, in characters (Table Storage allows 1 KiB of UTF-16).</summary>
    public const int MaxLength = 500;

    public static string Safe(string value) => Safe(value, MaxLength);

    /// <summary>As <see cref="Safe(string)"/>, in at most <paramref name="maxLength"/> characters (for a key made of several parts).</summary>
    public static string Safe(string value, int maxLength)
    {
        var plain = true;
        foreach (var c in value)
        {
            if (NeedsEscape(c)) { plain = false; break; }
        }
        var safe = plain ? value : Escape(value);
        return safe.Length <= maxLength ? safe : safe[..(maxLength - 18)] + "~h" + Hashes.Hex(value, 16);
    }

    /// <summary>Whether a value read from a request can be a key as written: Table Storage refuses '/', '\\', '#', '?' and control characters in keys.</summary>
    public static bool CanBeKey(string value) =>
        value.Length is > 0 and <= MaxLength && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>The partition of a notice's lots: one notice, one partition, so its lots are written in one transaction.</summary>
    public static string Notice(string source, string noticeId) => Safe($"{source}_{noticeId}");

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or '~' or '|' || char.IsControl(c) || char.IsSurrogate(c);

    private static string Escape(string value)
    {
        var sb = new System.Text.StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (NeedsEscape(c)) sb.Append('~').Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>Short, stable content hashes for names and keys.</summary>
public static class Hashes
{
    /// <summary>The first <paramref name="length"/> lowercase hex digits of the SHA-256 of the text's UTF-8 bytes.</summary>
    public static string Hex(string text, int length) => Hex(System.Text.Encoding.UTF8.GetBytes(text), length);

    public static string Hex(ReadOnlySpan<byte> bytes, int length) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..length];
}

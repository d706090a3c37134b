namespace ClausesSociales.Notices;

/// <summary>A notice that cannot be read, with where the problem is when it is known.</summary>
public sealed class NoticeParseException(string reason, int? line = null, int? column = null, Exception? inner = null)
    : Exception(Describe(reason, line, column), inner)
{
    public string Reason { get; } = reason;
    public int? Line { get; } = line;
    public int? Column { get; } = column;

    /// <summary>True when the parser itself failed on the input (a fault of ours to look at), not the input being unreadable.</summary>
    public bool ParserFault { get; init; }

    /// <summary>"line 12, column 4", or the empty string when the position is unknown.</summary>
    public string Position => Line is null ? "" : Column is null ? $"line {Line}" : $"line {Line}, column {Column}";

    private static string Describe(string reason, int? line, int? column) =>
        line is null ? reason : column is null ? $"{reason} (line {line})" : $"{reason} (line {line}, column {column})";
}

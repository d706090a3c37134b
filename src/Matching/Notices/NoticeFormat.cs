namespace ClausesSociales.Notices;

/// <summary>The raw formats the parsers read.</summary>
public enum NoticeFormat
{
    Eforms,
    TedR2,
    BoampXml,
    BoampJson,
    Html,
}

public static class NoticeFormats
{
    /// <summary>The source name stored with notices of each format.</summary>
    public static string Source(this NoticeFormat format) => format switch
    {
        NoticeFormat.Eforms or NoticeFormat.TedR2 => "ted",
        NoticeFormat.BoampXml or NoticeFormat.BoampJson => "boamp",
        NoticeFormat.Html => "html",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}

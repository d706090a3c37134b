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

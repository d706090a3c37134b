namespace ClausesSociales;

/// <summary>Settings of the pipeline, bound from the "ClausesSociales" configuration section.</summary>
public sealed class ClausesSocialesOptions
{
    public const string Section = "ClausesSociales";

    /// <summary>Storage connection string; locally Azurite's, in Azure the Functions host uses managed identity.</summary>
    public string? StorageConnection { get; set; }

    /// <summary>A folder laid out like the eForms SDK (translations/code_fr.xml) for code labels.</summary>
    public string? CodeListsPath { get; set; }

    /// <summary>Raw notices larger than this are quarantined unread.</summary>
    public long MaxNoticeBytes { get; set; } = new Notices.ParserOptions().MaxNoticeBytes;
}

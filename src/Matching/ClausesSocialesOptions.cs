namespace ClausesSociales;

/// <summary>Settings of the pipeline, bound from the "ClausesSociales" configuration section.</summary>
public sealed class ClausesSocialesOptions
{
    public const string Section = "ClausesSociales";

    /// <summary>Storage connection string, locally Azurite's; when empty, the "Storage" section's addresses are reached by managed identity (<see cref="Storage.StorageIdentityOptions"/>).</summary>
    public string? StorageConnection { get; set; }

    /// <summary>A folder laid out like the eForms SDK (translations/code_fr.xml) for code labels.</summary>
    public string? CodeListsPath { get; set; }

    /// <summary>Raw notices larger than this are quarantined unread.</summary>
    public long MaxNoticeBytes { get; set; } = new Notices.ParserOptions().MaxNoticeBytes;

    /// <summary>SMTP server for digests; none: digests are written to blobs and to <see cref="DigestFolder"/> only.</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public string SmtpFrom { get; set; } = "ClausesSociales <noreply@clausessociales.fr>";
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }

    /// <summary>Key that signs unsubscribe links (16 characters or more), kept secret.</summary>
    public string? UnsubscribeKey { get; set; }

    /// <summary>Public address of the Functions app, for unsubscribe links.</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    /// <summary>Notices the CLI and `clauses host` ingest, classify and match side by side (storage waits, not CPU, bound them).</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>Local folder the digests are also written to (default out/digests).</summary>
    public string DigestFolder { get; set; } = Path.Combine("out", "digests");
}

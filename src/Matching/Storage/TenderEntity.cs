using ClausesSociales.Notices;

namespace ClausesSociales.Storage;

/// <summary>A notice in the Tenders table: partition = source, row = notice id.</summary>
public sealed class TenderEntity : TableRow
{

    public string NoticeId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? PublicationDate { get; set; }
    public string? BuyerName { get; set; }
    public string? BuyerId { get; set; }
    public string? BuyerKind { get; set; }
    public string? Title { get; set; }
    public string? Url { get; set; }
    public string? Language { get; set; }
    public string? ContractFolderId { get; set; }
    public string? ChangedNoticeId { get; set; }
    public int LotCount { get; set; }
    public string Format { get; set; } = "";
    public string BlobName { get; set; } = "";
    public string? Defects { get; set; }

    public static TenderEntity From(Notice notice, NoticeFormat format, string blobName, IReadOnlyList<string> defects) => new()
    {
        PartitionKey = TableKeys.Safe(notice.Source),
        RowKey = TableKeys.Safe(notice.NoticeId),
        NoticeId = notice.NoticeId,
        Kind = notice.Kind.ToString(),
        PublicationDate = notice.PublicationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        BuyerName = notice.Buyer.Name,
        BuyerId = notice.Buyer.Identifier,
        BuyerKind = notice.Buyer.Kind,
        Title = TextLimit.Cap(notice.Title),
        Url = notice.Url,
        Language = notice.Language,
        ContractFolderId = notice.ContractFolderId,
        ChangedNoticeId = notice.ChangedNoticeId,
        LotCount = notice.Lots.Count,
        Format = format.ToString(),
        BlobName = blobName,
        Defects = defects.Count == 0 ? null : TextLimit.Cap(string.Join("\n", defects)),
    };
}

/// <summary>Table string properties hold at most 64 KiB (32K UTF-16 characters).</summary>
internal static class TextLimit
{
    public const int MaxChars = 30_000;

    public static string? Cap(string? text) => text is { Length: > MaxChars } ? text[..MaxChars] + "…" : text;
}

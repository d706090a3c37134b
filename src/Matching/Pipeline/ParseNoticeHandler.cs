using Azure.Data.Tables;
using ClausesSociales.Notices;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// ParseNotice: a raw notice blob becomes Tender and Lot rows. Input that cannot be read is
/// copied to the quarantine container with an Errors row naming the file, the reason and the
/// position. Writing is idempotent: the same blob twice gives the same rows.
/// </summary>
public sealed class ParseNoticeHandler(ClausesStorage storage, NoticeParser parser, ILogger<ParseNoticeHandler> logger)
{
    private readonly ProcedureVersions _procedures = new(storage);

    public const string Stage = "ParseNotice";

    /// <param name="blobName">The blob's name inside the raw-notices container.</param>
    public async Task<ParseOutcome> HandleAsync(string blobName, BinaryData content, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        ParsedFile parsed;
        try
        {
            parsed = parser.Parse(blobName, content.ToMemory());
        }
        catch (NoticeParseException ex)
        {
            await QuarantineAsync(blobName, content, ex.Reason, ex.Line, ex.Column, cancellationToken);
            return ParseOutcome.Rejected(blobName, ex.Reason, ex.Position);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A parser fault on one file must not stop the batch: keep the file and say what happened.
            var reason = $"parser failure ({ex.GetType().Name}): {ex.Message}";
            logger.LogError(ex, "Parser failed on {BlobName}", blobName);
            await QuarantineAsync(blobName, content, reason, null, null, cancellationToken);
            return ParseOutcome.Rejected(blobName, reason, "");
        }

        var lots = 0;
        foreach (var notice in parsed.Notices)
        {
            var defects = notice.Defects.Concat(await CheckChangeAsync(notice, cancellationToken)).ToList();
            await storage.Tenders.UpsertEntityAsync(TenderEntity.From(notice, parsed.Format, blobName, defects), TableUpdateMode.Replace, cancellationToken);
            var entities = notice.Lots.Select(l => LotEntity.From(notice, l)).ToList();
            await ClausesStorage.UpsertBatchAsync(storage.Lots, entities, TableTransactionActionType.UpsertMerge, cancellationToken);
            await _procedures.RecordAsync(notice, cancellationToken);
            lots += entities.Count;
            foreach (var defect in defects)
            {
                logger.LogWarning("Notice {NoticeId} from {BlobName}: {Defect}", notice.NoticeId, blobName, defect);
            }
        }
        // A file that parses now (after a parser fix) is no longer in error.
        await storage.Errors.DeleteEntityAsync(Stage, TableKeys.Safe(blobName), cancellationToken: cancellationToken);
        logger.LogInformation("Parsed {BlobName}: {Notices} notices, {Lots} lots", blobName, parsed.Notices.Count, lots);
        return ParseOutcome.Parsed(blobName, parsed.Format, parsed.Notices.Select(n => (n.Source, n.NoticeId)).ToList(), lots);
    }

    private async Task<IReadOnlyList<string>> CheckChangeAsync(Notice notice, CancellationToken cancellationToken)
    {
        if (ChangeNotices.ParentId(notice) is not { } parentId) return [];
        var parent = await storage.Tenders.GetEntityIfExistsAsync<TenderEntity>(TableKeys.Safe(notice.Source), TableKeys.Safe(parentId), cancellationToken: cancellationToken);
        return parent.HasValue ? ChangeNotices.Check(notice, parent.Value!.ContractFolderId, parent.Value.BuyerKind) : [];
    }

    private async Task QuarantineAsync(string blobName, BinaryData content, string reason, int? line, int? column, CancellationToken cancellationToken)
    {
        await storage.Quarantine.GetBlobClient(blobName).UploadAsync(content, overwrite: true, cancellationToken);
        await storage.Errors.UpsertEntityAsync(new ErrorEntity
        {
            PartitionKey = Stage,
            RowKey = TableKeys.Safe(blobName),
            Stage = Stage,
            BlobName = blobName,
            QuarantineBlob = $"{StorageNames.Quarantine}/{blobName}",
            Reason = reason,
            Line = line,
            Column = column,
            Size = content.ToMemory().Length,
        }, TableUpdateMode.Replace, cancellationToken);
        logger.LogWarning("Quarantined {BlobName}: {Reason} {Line}:{Column}", blobName, reason, line, column);
    }
}

/// <summary>What ParseNotice did with one blob.</summary>
public sealed record ParseOutcome(string BlobName, bool Success, NoticeFormat? Format, IReadOnlyList<(string Source, string NoticeId)> Notices, int Lots, string? Error, string? Position)
{
    public static ParseOutcome Parsed(string blobName, NoticeFormat format, IReadOnlyList<(string, string)> notices, int lots) =>
        new(blobName, true, format, notices, lots, null, null);

    public static ParseOutcome Rejected(string blobName, string reason, string position) =>
        new(blobName, false, null, [], 0, reason, position.Length == 0 ? null : position);
}

using Azure;
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
    private readonly ErrorKeys _errors = new(storage.Errors, Stage);

    public const string Stage = "ParseNotice";

    /// <param name="blobName">The blob's name inside the raw-notices container.</param>
    public Task<ParseOutcome> HandleAsync(string blobName, BinaryData content, CancellationToken cancellationToken) =>
        StoreAsync(blobName, content, parser.TryParse(blobName, content.ToMemory()), cancellationToken);

    /// <summary>
    /// Stores what parsing the blob gave. A notice that storage refuses (whatever the reason) is
    /// reported in the blob's Errors row and the blob is kept in quarantine, while the file's other
    /// notices are stored: one notice never stops the others, nor the batch.
    /// </summary>
    /// <param name="beforeNewLots">
    /// Work on the lots of a notice stored for the first time before they are written (when the
    /// next stage runs in the same process: classification and matching), so that they are
    /// written once, complete.
    /// </param>
    public async Task<ParseOutcome> StoreAsync(string blobName, BinaryData content, ParseAttempt attempt, CancellationToken cancellationToken,
        Func<ParsedNotice, IReadOnlyList<LotEntity>, CancellationToken, Task>? beforeNewLots = null)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        if (attempt.Error is { } error)
        {
            if (error.ParserFault) logger.LogError(error.InnerException, "Parser failed on {BlobName}", blobName);
            await QuarantineAsync(blobName, content, error.Reason, error.Line, error.Column, cancellationToken);
            return ParseOutcome.Rejected(blobName, error.Reason, error.Position);
        }
        var parsed = attempt.Parsed!;

        var lots = 0;
        var stored = new List<(string Source, string NoticeId)>();
        var fresh = new Dictionary<(string Source, string NoticeId), IReadOnlyList<LotEntity>>();
        var refused = new List<string>();
        foreach (var notice in parsed.Notices.Select(NoticeBounds.Bound))
        {
            try
            {
                var (entities, isNew) = await StoreNoticeAsync(notice, parsed.Format, blobName, beforeNewLots, cancellationToken);
                lots += entities.Count;
                stored.Add((notice.Source, notice.NoticeId));
                if (isNew) fresh[(notice.Source, notice.NoticeId)] = entities;
            }
            catch (RequestFailedException ex)
            {
                logger.LogError(ex, "Storage refused notice {NoticeId} of {BlobName}", notice.NoticeId, blobName);
                refused.Add($"notice {notice.NoticeId}: storage refused it ({ex.Status} {ex.ErrorCode}): {FirstLine(ex.Message)}");
            }
        }
        if (refused.Count > 0)
        {
            var reason = string.Join("\n", refused);
            await QuarantineAsync(blobName, content, reason, null, null, cancellationToken);
            return new ParseOutcome(blobName, false, parsed.Format, stored, lots, reason, null) { FreshLots = fresh };
        }
        // A file that parses now (after a parser fix) is no longer in error.
        if (await _errors.ContainsAsync(TableKeys.Safe(blobName), cancellationToken))
        {
            await storage.Errors.DeleteEntityAsync(Stage, TableKeys.Safe(blobName), cancellationToken: cancellationToken);
            _errors.Remove(TableKeys.Safe(blobName));
        }
        logger.LogInformation("Parsed {BlobName}: {Notices} notices, {Lots} lots", blobName, parsed.Notices.Count, lots);
        return ParseOutcome.Parsed(blobName, parsed.Format, stored, lots) with { FreshLots = fresh };
    }

    /// <summary>Writes a notice's rows; says whether the notice is new (its Tender row did not exist), as a second run of the same notice finds it.</summary>
    private async Task<(IReadOnlyList<LotEntity> Lots, bool IsNew)> StoreNoticeAsync(Notice notice, NoticeFormat format, string blobName,
        Func<ParsedNotice, IReadOnlyList<LotEntity>, CancellationToken, Task>? beforeNewLots, CancellationToken cancellationToken)
    {
        var defects = notice.Defects.Concat(await CheckChangeAsync(notice, cancellationToken)).ToList();
        var tender = TenderEntity.From(notice, format, blobName, defects);
        bool isNew;
        try
        {
            await storage.Tenders.AddEntityAsync(tender, cancellationToken);
            isNew = true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            await storage.Tenders.UpsertEntityAsync(tender, TableUpdateMode.Replace, cancellationToken);
            isNew = false;
        }
        var entities = notice.Lots.Select(l => LotEntity.From(notice, l)).ToList();
        // A notice seen before keeps what later stages wrote on its lots (merge); a new one has nothing to keep.
        if (isNew && beforeNewLots is not null && entities.Count > 0)
        {
            try
            {
                await beforeNewLots(new ParsedNotice(notice.Source, notice.NoticeId), entities, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Parsing succeeded: the lots are stored all the same, and the next stage, run on them, reports its own failure.
                logger.LogWarning(ex, "Classifying and matching {NoticeId} before its lots were written failed; they are written as parsed", notice.NoticeId);
            }
        }
        await ClausesStorage.UpsertBatchAsync(storage.Lots, entities, TableTransactionActionType.UpsertMerge, cancellationToken);
        // Lots handed on in memory say what storage says: superseded when a later notice of the procedure replaces them.
        if (await _procedures.RecordAsync(notice, cancellationToken) is { } replacedBy)
        {
            foreach (var lot in entities) lot.SupersededBy = replacedBy;
        }
        foreach (var defect in defects)
        {
            logger.LogWarning("Notice {NoticeId} from {BlobName}: {Defect}", notice.NoticeId, blobName, defect);
        }
        return (entities, isNew);
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

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
            Reason = reason.Length <= 4_000 ? reason : reason[..4_000] + "…",
            Line = line,
            Column = column,
            Size = content.ToMemory().Length,
        }, TableUpdateMode.Replace, cancellationToken);
        _errors.Add(TableKeys.Safe(blobName));
        logger.LogWarning("Quarantined {BlobName}: {Reason} {Line}:{Column}", blobName, reason, line, column);
    }
}

/// <summary>What ParseNotice did with one blob.</summary>
public sealed record ParseOutcome(string BlobName, bool Success, NoticeFormat? Format, IReadOnlyList<(string Source, string NoticeId)> Notices, int Lots, string? Error, string? Position)
{
    /// <summary>
    /// The lots of the notices stored for the first time, as written: a stage that runs next in the
    /// same process classifies and matches them without reading them back (no earlier match can
    /// need removing). Notices seen before are not here: their lots are read from storage.
    /// </summary>
    public IReadOnlyDictionary<(string Source, string NoticeId), IReadOnlyList<LotEntity>> FreshLots { get; init; } =
        new Dictionary<(string Source, string NoticeId), IReadOnlyList<LotEntity>>();

    public static ParseOutcome Parsed(string blobName, NoticeFormat format, IReadOnlyList<(string, string)> notices, int lots) =>
        new(blobName, true, format, notices, lots, null, null);

    public static ParseOutcome Rejected(string blobName, string reason, string position) =>
        new(blobName, false, null, [], 0, reason, position.Length == 0 ? null : position);
}

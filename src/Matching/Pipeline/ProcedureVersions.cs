using System.Globalization;
using Azure.Data.Tables;
using ClausesSociales.Notices;
using ClausesSociales.Storage;

namespace ClausesSociales.Pipeline;

/// <summary>
/// A procedure (eForms BT-04) is announced by a notice and corrected by change notices, each
/// published with all its lots. Only the latest notice of each kind is current: the lots of the
/// earlier ones are marked <see cref="LotEntity.SupersededBy"/>, so that digests and alerts show
/// the corrected deadline or value once. Notices may arrive in any order; the same notice twice
/// changes nothing.
/// </summary>
public sealed class ProcedureVersions(ClausesStorage storage)
{
    /// <returns>The notice that replaces this one, or null when this one is current.</returns>
    public async Task<string?> RecordAsync(Notice notice, CancellationToken cancellationToken)
    {
        if (notice.ContractFolderId is not { Length: > 0 } procedure) return null;
        var table = storage.Table(StorageNames.Procedures);
        var partition = TableKeys.Safe($"{notice.Source}_{procedure}");
        await table.UpsertEntityAsync(new ProcedureEntity
        {
            PartitionKey = partition,
            RowKey = TableKeys.Safe(notice.NoticeId),
            NoticeId = notice.NoticeId,
            Kind = notice.Kind.ToString(),
            PublicationDate = notice.PublicationDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IsChange = notice.ChangedNoticeId is not null,
        }, TableUpdateMode.Replace, cancellationToken);

        var sameKind = new List<ProcedureEntity>();
        await foreach (var version in table.QueryAsync<ProcedureEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            if (version.Kind == notice.Kind.ToString()) sameKind.Add(version);
        }
        // The only notice of its kind: its lots, just written, are current.
        if (sameKind.Count <= 1) return null;
        var current = Current(sameKind);
        foreach (var version in sameKind)
        {
            await MarkAsync(notice.Source, version.NoticeId, version == current ? "" : current.NoticeId, cancellationToken);
        }
        return current.NoticeId == notice.NoticeId ? null : current.NoticeId;
    }

    /// <summary>The latest publication; on the same day (or undated) a change notice over what it changes, then the highest notice id.</summary>
    public static ProcedureEntity Current(IEnumerable<ProcedureEntity> versions) => versions
        .OrderByDescending(v => v.PublicationDate ?? "", StringComparer.Ordinal)
        .ThenByDescending(v => v.IsChange)
        .ThenByDescending(v => v.NoticeId, StringComparer.Ordinal)
        .First();

    private async Task MarkAsync(string source, string noticeId, string supersededBy, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Notice(source, noticeId);
        var updates = new List<TableEntity>();
        await foreach (var lot in storage.Lots.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["PartitionKey", "RowKey", nameof(LotEntity.SupersededBy)], cancellationToken: cancellationToken))
        {
            if ((lot.GetString(nameof(LotEntity.SupersededBy)) ?? "") != supersededBy)
            {
                updates.Add(new TableEntity(lot.PartitionKey, lot.RowKey) { [nameof(LotEntity.SupersededBy)] = supersededBy });
            }
        }
        await ClausesStorage.UpsertBatchAsync(storage.Lots, updates, TableTransactionActionType.UpsertMerge, cancellationToken);
    }
}

/// <summary>Row of the Procedures table: partition = source_procedure, row = one of its notices.</summary>
public sealed class ProcedureEntity : TableRow
{
    public string NoticeId { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? PublicationDate { get; set; }
    public bool IsChange { get; set; }
}

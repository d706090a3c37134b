using Azure.Data.Tables;
using ClausesSociales.Geography;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// Keeps the Board table in step with a notice's lots once they are classified and matched: a
/// current lot that could be reserved or carry a clause (declared, or likely:
/// <see cref="LotEntity.IsLikely"/>) gets its rows; a lot that no longer qualifies, or that a change notice superseded, loses
/// them. The other notices of the same procedure are re-indexed too, since a change notice
/// supersedes them. Idempotent: the same notice twice writes the same rows.
/// </summary>
public sealed class BoardIndexer(ClausesStorage storage)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> _tables = new();

    public TableClient Board => storage.Table(StorageNames.Board);

    /// <summary>The table of a board partition, created once per process.</summary>
    private async Task<TableClient> TableAsync(string partition, CancellationToken cancellationToken)
    {
        var name = BoardEntity.TableOf(partition);
        // Notices indexed side by side all wait for the one creation of a table they share.
        try
        {
            await _tables.GetOrAdd(name, n => new Lazy<Task>(() => storage.TableService.CreateTableIfNotExistsAsync(n, CancellationToken.None))).Value;
        }
        catch
        {
            _tables.TryRemove(name, out _); // the next notice tries again
            throw;
        }
        return storage.Table(name);
    }

    /// <summary>Indexes a notice's lots and those of the other notices of its procedure; returns the lots on the board.</summary>
    public async Task<int> IndexNoticeAsync(string source, string noticeId, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var (onBoard, procedure) = await IndexOneAsync(source, noticeId, cancellationToken);
        await IndexSiblingsAsync(source, noticeId, procedure, cancellationToken);
        return onBoard;
    }

    /// <summary>
    /// Indexes a notice's lots and matches just classified and matched in this process (no read of
    /// them), then the other notices of its procedure; returns the notice's lots on the board.
    /// </summary>
    /// <param name="firstTime">The notice was stored for the first time in this process (ParseNotice found no Tender row): none of its lots has board rows to remove, so their pointers are not read.</param>
    public async Task<int> IndexNoticeAsync(string source, string noticeId, IReadOnlyList<LotEntity> lots, IReadOnlyList<MatchEntity> matches, CancellationToken cancellationToken, bool firstTime = false)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var indexed = lots.Select(lot => (MatchEntity.LotKey(lot.Source, lot.NoticeId, lot.LotId),
            Qualifies(lot) ? RowsFor(lot, matches.Where(m => m.LotId == lot.LotId).ToList()) : [])).ToList();
        await ReplaceAsync(indexed, cancellationToken, readPointers: !firstTime);
        var onBoard = indexed.Count(l => l.Item2.Count > 0);
        await IndexSiblingsAsync(source, noticeId, lots.Select(l => l.ProcedureId).FirstOrDefault(p => p is { Length: > 0 }), cancellationToken);
        return onBoard;
    }

    /// <summary>A change notice changes which notice of its procedure is current: the others are indexed again.</summary>
    private async Task IndexSiblingsAsync(string source, string noticeId, string? procedure, CancellationToken cancellationToken)
    {
        if (procedure is { Length: > 0 })
        {
            var partition = TableKeys.Safe($"{source}_{procedure}");
            await foreach (var other in storage.Table(StorageNames.Procedures).QueryAsync<ProcedureEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                if (other.NoticeId != noticeId) await IndexOneAsync(source, other.NoticeId, cancellationToken);
            }
        }
    }

    private async Task<(int OnBoard, string? Procedure)> IndexOneAsync(string source, string noticeId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Notice(source, noticeId);
        string? procedure = null;
        var indexed = new List<(string LotKey, List<BoardEntity> Rows)>();
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            procedure ??= lot.ProcedureId;
            indexed.Add((MatchEntity.LotKey(lot.Source, lot.NoticeId, lot.LotId), Qualifies(lot) ? await RowsAsync(lot, cancellationToken) : []));
        }
        await ReplaceAsync(indexed, cancellationToken);
        return (indexed.Count(l => l.Rows.Count > 0), procedure);
    }

    /// <summary>A current lot of a notice that can still be answered (not an award) that could be reserved or carry a clause.</summary>
    public static bool Qualifies(LotEntity lot) => lot.IsCurrent() && lot.NoticeKind != nameof(Notices.NoticeKind.ContractAward)
        && (lot.CouldBeReserved() || lot.CouldCarrySocialClause() || lot.CouldCarryGreenClause());

    private async Task<List<BoardEntity>> RowsAsync(LotEntity lot, CancellationToken cancellationToken)
    {
        var matches = new List<MatchEntity>();
        await foreach (var m in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(MatchEntity.LotFilter(lot.Source, lot.NoticeId, lot.LotId), cancellationToken: cancellationToken)) matches.Add(m);
        return RowsFor(lot, matches);
    }

    /// <summary>The board rows of a qualifying lot: one in "all", one in its region's and one in each of its departments' partitions.</summary>
    public static List<BoardEntity> RowsFor(LotEntity lot, IReadOnlyList<MatchEntity> matches)
    {
        var lotKey = MatchEntity.LotKey(lot.Source, lot.NoticeId, lot.LotId);
        var top = Matching.InclusivePotential.Shown(matches, 3, m => m.Rank, m => m.Potential, m => m.Kind);
        var departments = (lot.Departments ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(FrenchGeography.Instance.ByCode).OfType<Department>().ToList();
        var scopes = new List<string> { BoardEntity.All };
        scopes.AddRange(departments.Select(d => BoardEntity.RegionScope(d.RegionCode)).Distinct());
        scopes.AddRange(departments.Select(d => BoardEntity.DepartmentScope(d.Code)).Distinct());
        if (lot.MainCpv is { Length: >= 2 } main) scopes.Add(BoardEntity.CpvScope(main[..2]));
        return scopes.Select(p => new BoardEntity
        {
            PartitionKey = BoardEntity.Partition(p, BoardEntity.Bucket(p, lot.Deadline)),
            RowKey = BoardEntity.RowKeyOf(lot.Deadline, lotKey),
            Source = lot.Source,
            NoticeId = lot.NoticeId,
            LotId = lot.LotId,
            Title = lot.Title is { Length: > 300 } t ? t[..300] + "…" : lot.Title,
            BuyerName = lot.BuyerName,
            Departments = string.Join(",", departments.Select(d => d.Code)),
            MainCpv = lot.MainCpv,
            CpvDivision = lot.MainCpv is { Length: >= 2 } cpv ? cpv[..2] : null,
            Deadline = lot.Deadline,
            PublicationDate = lot.PublicationDate,
            EstimatedValue = lot.EstimatedValue,
            IsReserved = lot.CouldBeReserved(),
            IsSocial = lot.CouldCarrySocialClause(),
            IsGreen = lot.CouldCarryGreenClause(),
            SocialMarkers = lot.SocialMarkers,
            ReservedMarkers = lot.ReservedMarkers,
            GreenMarkers = lot.GreenMarkers,
            SocialProbability = lot.SocialProbability,
            ReservedProbability = lot.ReservedProbability,
            GreenProbability = lot.GreenProbability,
            Reasons = string.Join("\n", (lot.Reasons ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(4)),
            Potential = top.FirstOrDefault()?.Potential,
            TopStructures = string.Join("\n", top.Select(m => string.Join("\t", m.Siret, Flat(m.Name), m.Kind,
                m.DistanceKm is { } km ? km.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) : "", Flat(m.Reasons.Split('\n').First())))),
        }).ToList();
    }

    /// <summary>The bucket-list rows of these board rows.</summary>
    public static IEnumerable<BoardBucketEntity> Buckets(IEnumerable<BoardEntity> rows) => rows
        .Select(r => (List: BoardEntity.BucketList(r.Scope), Bucket: r.PartitionKey[(r.PartitionKey.IndexOf('|') + 1)..]))
        .Where(b => b.List is not null).Distinct()
        .Select(b => new BoardBucketEntity { PartitionKey = b.List!, RowKey = b.Bucket });

    private static string Flat(string value) => value.Replace('\t', ' ').Replace('\n', ' ');

    /// <summary>
    /// Replaces the board rows of a notice's lots: their pointers read (one point read each, none
    /// for a notice stored for the first time), then the stale rows removed and the new ones written
    /// in one transaction per board partition, the buckets listed in one per bucket list, the
    /// pointers in one: a few requests per notice, not ten per lot.
    /// </summary>
    private async Task ReplaceAsync(IReadOnlyList<(string LotKey, List<BoardEntity> Rows)> lots, CancellationToken cancellationToken, bool readPointers = true)
    {
        if (lots.Count == 0) return;
        var pointers = storage.Table(StorageNames.BoardLots);
        // One after the other: a notice of hundreds of lots does not open hundreds of connections.
        var found = new Azure.NullableResponse<BoardPointerEntity>?[lots.Count];
        for (var i = 0; i < lots.Count && readPointers; i++)
        {
            found[i] = await pointers.GetEntityIfExistsAsync<BoardPointerEntity>(BoardPointerEntity.Partition, lots[i].LotKey, cancellationToken: cancellationToken);
        }
        var writes = new List<TableTransactionAction>();
        var pointerWrites = new List<TableTransactionAction>();
        for (var i = 0; i < lots.Count; i++)
        {
            var (lotKey, rows) = lots[i];
            var keep = rows.Select(r => $"{r.PartitionKey}/{r.RowKey}").ToHashSet();
            var pointer = found[i] is { HasValue: true } read ? read.Value : null;
            if (pointer is not null)
            {
                foreach (var old in pointer.Rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(o => !keep.Contains(o)))
                {
                    var slash = old.IndexOf('/');
                    writes.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(old[..slash], old[(slash + 1)..]), Azure.ETag.All));
                }
            }
            writes.AddRange(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
            if (rows.Count > 0)
            {
                pointerWrites.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                    new BoardPointerEntity { PartitionKey = BoardPointerEntity.Partition, RowKey = lotKey, Rows = string.Join("\n", keep) }));
            }
            else if (pointer is not null)
            {
                pointerWrites.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(BoardPointerEntity.Partition, lotKey), Azure.ETag.All));
            }
        }
        foreach (var partition in writes.GroupBy(w => w.Entity.PartitionKey))
        {
            await SubmitAsync(await TableAsync(partition.Key, cancellationToken), partition.ToList(), cancellationToken);
        }
        var buckets = Buckets(lots.SelectMany(l => l.Rows)).Select(b => new TableTransactionAction(TableTransactionActionType.UpsertReplace, b)).ToList();
        foreach (var list in buckets.GroupBy(b => b.Entity.PartitionKey)) await SubmitAsync(Board, list.ToList(), cancellationToken);
        await SubmitAsync(pointers, pointerWrites, cancellationToken);
    }

    /// <summary>Actions on one partition in transactions of 100; a row to remove that is already gone (removed by hand) does not stop the others.</summary>
    private static async Task SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var chunk in actions.Chunk(100))
        {
            try
            {
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                foreach (var action in chunk)
                {
                    if (action.ActionType == TableTransactionActionType.Delete) await table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, Azure.ETag.All, cancellationToken);
                    else await table.UpsertEntityAsync(action.Entity, TableUpdateMode.Replace, cancellationToken);
                }
            }
        }
    }
}

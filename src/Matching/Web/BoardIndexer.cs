using Azure.Data.Tables;
using ClausesSociales.Geography;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// Keeps the Board table in step with a notice's lots once they are classified and matched: a
/// current lot that could be reserved or carry a clause (declared, or a probability of 50% or
/// more) gets its rows; a lot that no longer qualifies, or that a change notice superseded, loses
/// them. The other notices of the same procedure are re-indexed too, since a change notice
/// supersedes them. Idempotent: the same notice twice writes the same rows.
/// </summary>
public sealed class BoardIndexer(ClausesStorage storage)
{
    public const double Threshold = Digests.DigestBuilder.Threshold;

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
    public async Task<int> IndexNoticeAsync(string source, string noticeId, IReadOnlyList<LotEntity> lots, IReadOnlyList<MatchEntity> matches, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var onBoard = 0;
        foreach (var lot in lots)
        {
            var rows = Qualifies(lot) ? RowsFor(lot, matches.Where(m => m.LotId == lot.LotId).ToList()) : [];
            await ReplaceAsync(MatchEntity.LotKey(lot.Source, lot.NoticeId, lot.LotId), rows, cancellationToken);
            if (rows.Count > 0) onBoard++;
        }
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
        var onBoard = 0;
        string? procedure = null;
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            procedure ??= lot.ProcedureId;
            var lotKey = MatchEntity.LotKey(lot.Source, lot.NoticeId, lot.LotId);
            var rows = Qualifies(lot) ? await RowsAsync(lot, cancellationToken) : [];
            await ReplaceAsync(lotKey, rows, cancellationToken);
            if (rows.Count > 0) onBoard++;
        }
        return (onBoard, procedure);
    }

    public static bool Qualifies(LotEntity lot) => lot.IsCurrent() && (IsReserved(lot) || IsSocial(lot) || IsGreen(lot));

    public static bool IsReserved(LotEntity lot) => lot.ReservedMarkers is { Length: > 0 } || lot.ReservedProbability >= Threshold;
    public static bool IsSocial(LotEntity lot) => lot.SocialMarkers is { Length: > 0 } || lot.SocialProbability >= Threshold;
    public static bool IsGreen(LotEntity lot) => lot.GreenMarkers is { Length: > 0 } || lot.GreenProbability >= Threshold;

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
        var top = matches.OrderBy(m => m.Rank).Take(3).ToList();
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
            EstimatedValue = lot.EstimatedValue,
            IsReserved = IsReserved(lot),
            IsSocial = IsSocial(lot),
            IsGreen = IsGreen(lot),
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

    private async Task ReplaceAsync(string lotKey, IReadOnlyList<BoardEntity> rows, CancellationToken cancellationToken)
    {
        var board = Board;
        var pointers = storage.Table(StorageNames.BoardLots);
        var pointer = await pointers.GetEntityIfExistsAsync<BoardPointerEntity>(BoardPointerEntity.Partition, lotKey, cancellationToken: cancellationToken);
        var keep = rows.Select(r => $"{r.PartitionKey}/{r.RowKey}").ToHashSet();
        if (pointer.HasValue)
        {
            foreach (var old in pointer.Value!.Rows.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(o => !keep.Contains(o)))
            {
                var slash = old.IndexOf('/');
                await (await TableAsync(old[..slash], cancellationToken)).DeleteEntityAsync(old[..slash], old[(slash + 1)..], cancellationToken: cancellationToken);
            }
        }
        foreach (var row in rows) await (await TableAsync(row.PartitionKey, cancellationToken)).UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        foreach (var bucket in Buckets(rows))
        {
            await board.UpsertEntityAsync(bucket, TableUpdateMode.Replace, cancellationToken);
        }
        if (rows.Count > 0)
        {
            await pointers.UpsertEntityAsync(new BoardPointerEntity { PartitionKey = BoardPointerEntity.Partition, RowKey = lotKey, Rows = string.Join("\n", keep) }, TableUpdateMode.Replace, cancellationToken);
        }
        else if (pointer.HasValue)
        {
            await pointers.DeleteEntityAsync(BoardPointerEntity.Partition, lotKey, cancellationToken: cancellationToken);
        }
    }
}

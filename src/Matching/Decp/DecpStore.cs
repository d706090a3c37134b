using Azure.Data.Tables;
using ClausesSociales.Notices;
using ClausesSociales.Storage;

namespace ClausesSociales.Decp;

/// <summary>Counts of one import: records read, contracts stored, bad records (with position and reason).</summary>
public sealed record DecpImportResult(long Records, long Contracts, long Awards, IReadOnlyList<DecpItem> Bad, long BadCount);

/// <summary>
/// The Contracts and Awards tables. Import upserts by buyer + contract id (re-import changes nothing),
/// writing in batches so that memory stays bounded; track records and labelled rows read them back.
/// </summary>
public sealed class DecpStore(ClausesStorage storage)
{
    private const int FlushEvery = 2_000;
    private const int BadKept = 1_000;

    public async Task<DecpImportResult> ImportAsync(Stream stream, Action<DecpItem>? onBad = null, Action<long>? onProgress = null, CancellationToken cancellationToken = default)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await EnsureTablesAsync(cancellationToken);
        var reader = new DecpReader(stream);
        var contracts = new List<ContractEntity>(FlushEvery);
        var awards = new List<AwardEntity>(FlushEvery);
        var bad = new List<DecpItem>();
        long records = 0, stored = 0, won = 0, badCount = 0;
        while (reader.Next() is { } item)
        {
            records++;
            if (item.Contract is not { } c)
            {
                badCount++;
                if (bad.Count < BadKept) bad.Add(item);
                onBad?.Invoke(item);
                continue;
            }
            contracts.Add(ContractEntity.From(c));
            foreach (var siret in c.Titulaires.Select(t => t.Siret).OfType<string>().Distinct()) awards.Add(AwardEntity.From(c, siret));
            if (contracts.Count >= FlushEvery)
            {
                (stored, won) = (stored + contracts.Count, won + awards.Count);
                await FlushAsync(contracts, awards, cancellationToken);
                onProgress?.Invoke(reader.BytesRead);
            }
        }
        (stored, won) = (stored + contracts.Count, won + awards.Count);
        await FlushAsync(contracts, awards, cancellationToken);
        onProgress?.Invoke(reader.BytesRead);
        return new DecpImportResult(records, stored, won, bad, badCount);
    }

    private async Task FlushAsync(List<ContractEntity> contracts, List<AwardEntity> awards, CancellationToken cancellationToken)
    {
        // A file may repeat a contract (a later version): the last one wins, as in storage.
        await ClausesStorage.UpsertBatchAsync(storage.Table(StorageNames.Contracts), Last(contracts), TableTransactionActionType.UpsertReplace, cancellationToken);
        await ClausesStorage.UpsertBatchAsync(storage.Table(StorageNames.Awards), Last(awards), TableTransactionActionType.UpsertReplace, cancellationToken);
        contracts.Clear();
        awards.Clear();
    }

    private static List<T> Last<T>(List<T> rows) where T : ITableEntity =>
        rows.GroupBy(r => (r.PartitionKey, r.RowKey)).Select(g => g.Last()).ToList();

    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        // Tables of this module, created here too so that storage created before them still works.
        await storage.TableService.CreateTableIfNotExistsAsync(StorageNames.Contracts, cancellationToken);
        await storage.TableService.CreateTableIfNotExistsAsync(StorageNames.Awards, cancellationToken);
    }

    /// <summary>Every stored contract, streamed.</summary>
    public async IAsyncEnumerable<DecpContract> ContractsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        await foreach (var e in storage.Table(StorageNames.Contracts).QueryAsync<ContractEntity>(cancellationToken: cancellationToken)) yield return e.ToContract();
    }

    /// <summary>The track records of the given SIRETs (one partition read each; SIRETs that won nothing are left out).</summary>
    public async Task<TrackRecords> TrackRecordsAsync(IEnumerable<string> sirets, CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var table = storage.Table(StorageNames.Awards);
        var records = new Dictionary<string, TrackRecord>();
        foreach (var siret in sirets.Distinct())
        {
            int won = 0, social = 0, reserved = 0;
            await foreach (var a in table.QueryAsync<AwardEntity>(e => e.PartitionKey == siret, select: ["Social", "Reserved"], cancellationToken: cancellationToken))
            {
                won++;
                if (a.Social) social++;
                if (a.Reserved) reserved++;
            }
            if (won > 0) records[siret] = new TrackRecord(siret, won, social, reserved);
        }
        return new TrackRecords(records);
    }

    /// <summary>Every SIRET's track record, in one pass over the Awards table (for the matcher, which knows every structure).</summary>
    public async Task<TrackRecords> AllTrackRecordsAsync(CancellationToken cancellationToken = default)
    {
        await EnsureTablesAsync(cancellationToken);
        var counts = new Dictionary<string, (int Won, int Social, int Reserved)>();
        await foreach (var a in storage.Table(StorageNames.Awards).QueryAsync<AwardEntity>(select: ["PartitionKey", "Social", "Reserved"], cancellationToken: cancellationToken))
        {
            var (won, social, reserved) = counts.GetValueOrDefault(a.PartitionKey);
            counts[a.PartitionKey] = (won + 1, social + (a.Social ? 1 : 0), reserved + (a.Reserved ? 1 : 0));
        }
        return new TrackRecords(counts.ToDictionary(c => c.Key, c => new TrackRecord(c.Key, c.Value.Won, c.Value.Social, c.Value.Reserved)));
    }

    /// <summary>Contracts as notices (source "decp", one lot each) with what their buyers declared as markers.</summary>
    public async IAsyncEnumerable<Notice> LabelledNoticesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var c in ContractsAsync(cancellationToken))
        {
            if (DecpTraining.ToNotice(c) is { } notice) yield return notice;
        }
    }
}

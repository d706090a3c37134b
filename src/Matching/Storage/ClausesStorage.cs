using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace ClausesSociales.Storage;

/// <summary>The tables and containers of the pipeline, created on first use.</summary>
public sealed class ClausesStorage(TableServiceClient tables, BlobServiceClient blobs)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _created;

    public static ClausesStorage FromConnectionString(string connectionString) =>
        new(new TableServiceClient(connectionString), new BlobServiceClient(connectionString));

    public TableServiceClient TableService => tables;
    public BlobServiceClient BlobService => blobs;

    public TableClient Table(string name) => tables.GetTableClient(name);
    public BlobContainerClient Container(string name) => blobs.GetBlobContainerClient(name);

    public TableClient Tenders => Table(StorageNames.Tenders);
    public TableClient Lots => Table(StorageNames.Lots);
    public TableClient Errors => Table(StorageNames.Errors);
    public BlobContainerClient RawNotices => Container(StorageNames.RawNotices);
    public BlobContainerClient Quarantine => Container(StorageNames.Quarantine);

    /// <summary>Creates every table and container once per process; safe to call from every handler.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        if (_created) return;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_created) return;
            foreach (var table in StorageNames.Tables) await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
            foreach (var container in StorageNames.Containers) await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Upserts entities of one partition in transactions of at most 100 operations.</summary>
    public static async Task UpsertBatchAsync<T>(TableClient table, IReadOnlyList<T> entities, TableTransactionActionType mode, CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(mode, e)), cancellationToken);
            }
        }
    }
}

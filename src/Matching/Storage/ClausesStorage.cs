using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace ClausesSociales.Storage;

/// <summary>The tables and containers of the pipeline, created on first use.</summary>
public sealed class ClausesStorage(TableServiceClient tables, BlobServiceClient blobs)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _created;

    public static ClausesStorage FromConnectionString(string connectionString) =>
        new(new TableServiceClient(connectionString), new BlobServiceClient(connectionString));

    /// <summary>Storage whose every request (table or blob) goes through <paramref name="policy"/>, as benchmarks count round trips.</summary>
    public static ClausesStorage FromConnectionString(string connectionString, Azure.Core.Pipeline.HttpPipelinePolicy policy)
    {
        var tableOptions = new TableClientOptions();
        tableOptions.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(policy, Azure.Core.HttpPipelinePosition.PerRetry);
        return new(new TableServiceClient(connectionString, tableOptions), new BlobServiceClient(connectionString, blobOptions));
    }

    /// <summary>
    /// The storage the settings name: a connection string (Azurite, a developer's account), else the
    /// service addresses of the "Storage" section reached by managed identity, as in Azure where
    /// the account accepts no shared key.
    /// </summary>
    public static ClausesStorage FromSettings(string? connectionString, StorageIdentityOptions identity)
    {
        if (!string.IsNullOrWhiteSpace(connectionString)) return FromConnectionString(connectionString);
        if (identity.ServiceUri is not { Length: > 0 } blobUri || identity.TableServiceUri is not { Length: > 0 } tableUri)
        {
            throw new InvalidOperationException($"no storage configured: set {ClausesSocialesOptions.Section}:StorageConnection (a connection string) " +
                $"or {StorageIdentityOptions.Section}:serviceUri and {StorageIdentityOptions.Section}:tableServiceUri (managed identity)");
        }
        var credential = identity.CreateCredential();
        return new(new TableServiceClient(new Uri(tableUri), credential), new BlobServiceClient(new Uri(blobUri), credential));
    }

    public TableServiceClient TableService => tables;
    public BlobServiceClient BlobService => blobs;

    public TableClient Table(string name) => tables.GetTableClient(name);
    public BlobContainerClient Container(string name) => blobs.GetBlobContainerClient(name);

    public TableClient Tenders => Table(StorageNames.Tenders);
    public TableClient Lots => Table(StorageNames.Lots);
    public TableClient Errors => Table(StorageNames.Errors);
    public BlobContainerClient RawNotices => Container(StorageNames.RawNotices);
    public BlobContainerClient Quarantine => Container(StorageNames.Quarantine);

    /// <summary>The lots of a notice (one partition read).</summary>
    public async Task<List<LotEntity>> LotsOfAsync(string source, string noticeId, CancellationToken cancellationToken)
    {
        var partition = TableKeys.Notice(source, noticeId);
        var lots = new List<LotEntity>();
        await foreach (var lot in Lots.QueryAsync<LotEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken)) lots.Add(lot);
        return lots;
    }

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

/// <summary>
/// The "Storage" section, as the Functions host reads identity-based connections:
/// <c>Storage__serviceUri</c>, <c>Storage__tableServiceUri</c>, <c>Storage__queueServiceUri</c>,
/// <c>Storage__credential</c> ("managedidentity") and <c>Storage__clientId</c> (a user-assigned identity).
/// </summary>
public sealed class StorageIdentityOptions
{
    public const string Section = "Storage";

    public string? ServiceUri { get; set; }
    public string? TableServiceUri { get; set; }
    public string? QueueServiceUri { get; set; }
    public string? Credential { get; set; }
    public string? ClientId { get; set; }

    /// <summary>The user-assigned identity named by <see cref="ClientId"/>, the system one for "managedidentity", else the developer's Azure sign-in.</summary>
    public TokenCredential CreateCredential() => ClientId is { Length: > 0 } clientId
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
        : string.Equals(Credential, "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
            : new DefaultAzureCredential();
}

using Azure.Data.Tables;
using ClausesSociales.Storage;

namespace ClausesSociales.Structures;

/// <summary>The Structures table: import (upsert by SIRET) and load.</summary>
public sealed class StructureStore(ClausesStorage storage)
{
    public async Task SaveAsync(IReadOnlyList<Structure> structures, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        await ClausesStorage.UpsertBatchAsync(storage.Table(StorageNames.Structures), structures.Select(StructureEntity.From).ToList(), TableTransactionActionType.UpsertReplace, cancellationToken);
    }

    public async Task<IReadOnlyList<Structure>> LoadAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var list = new List<Structure>();
        await foreach (var e in storage.Table(StorageNames.Structures).QueryAsync<StructureEntity>(e => e.PartitionKey == StructureEntity.Partition, cancellationToken: cancellationToken))
        {
            list.Add(e.ToStructure());
        }
        return list;
    }
}

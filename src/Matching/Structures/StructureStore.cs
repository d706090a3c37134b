using Azure.Data.Tables;
using ClausesSociales.Storage;

namespace ClausesSociales.Structures;

/// <summary>The Structures table: import (upsert by SIRET), load, and find one by SIRET.</summary>
public sealed class StructureStore(ClausesStorage storage)
{
    /// <summary>The structure of a valid SIRET (one point read), or null when the SIRET is invalid, unknown, or nothing was imported yet.</summary>
    public static async Task<StructureEntity?> FindAsync(ClausesStorage storage, string siret, CancellationToken cancellationToken)
    {
        if (!Siret.IsValid(siret)) return null;
        try
        {
            var found = await storage.Table(StorageNames.Structures).GetEntityIfExistsAsync<StructureEntity>(StructureEntity.Partition, siret, cancellationToken: cancellationToken);
            return found.HasValue ? found.Value : null;
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null; // no structure imported yet
        }
    }

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

using ClausesSociales.Decp;
using ClausesSociales.Storage;
using ClausesSociales.Structures;

namespace ClausesSociales.Observatory;

/// <summary>What a report is built from: the stored lots, structures and awarded contracts.</summary>
public sealed record ObservatoryInputs(IReadOnlyList<LotEntity> Lots, IReadOnlyList<Structure> Structures, IReadOnlyList<DecpContract> Contracts)
{
    /// <summary>Reads the current lots of the period (publication date within it), every structure and every awarded contract.</summary>
    public static async Task<ObservatoryInputs> LoadAsync(ClausesStorage storage, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var lots = new List<LotEntity>();
        var first = from.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var last = to.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(l => l.PublicationDate!.CompareTo(first) >= 0 && l.PublicationDate!.CompareTo(last) <= 0, cancellationToken: cancellationToken))
        {
            if (lot.IsCurrent()) lots.Add(lot);
        }
        var structures = await new StructureStore(storage).LoadAsync(cancellationToken);
        var contracts = new List<DecpContract>();
        await foreach (var c in new DecpStore(storage).ContractsAsync(cancellationToken)) contracts.Add(c);
        return new ObservatoryInputs(lots, structures, contracts);
    }
}

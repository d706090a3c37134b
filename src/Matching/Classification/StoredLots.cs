using ClausesSociales.Notices;
using ClausesSociales.Storage;

namespace ClausesSociales.Classification;

/// <summary>Classifier rows from Lot entities, the same as from the parsed notice.</summary>
public static class StoredLots
{
    /// <summary>
    /// The rows of lots, in their order. Lots of one notice (one partition) are read as one notice,
    /// as the parser gave them: a lot's features include the notice around it (its lot count, its lots' CPV groups).
    /// </summary>
    public static List<LotRow> ToRows(IReadOnlyList<LotEntity> lots)
    {
        var rows = new Dictionary<LotEntity, LotRow>(ReferenceEqualityComparer.Instance);
        foreach (var notice in lots.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            var entities = notice.ToList();
            var index = 0;
            foreach (var row in LotRow.FromNotice(ToNotice(entities[0], entities.Select(e => e.ToLot()).ToList()))) rows[entities[index++]] = row;
        }
        return lots.Select(e => rows[e]).ToList();
    }

    private static Notice ToNotice(LotEntity e, IReadOnlyList<Lot> lots) =>
        new(e.Source, e.NoticeId, Enum.TryParse<NoticeKind>(e.NoticeKind, out var k) ? k : NoticeKind.Other, null,
            new Buyer(e.BuyerName, e.BuyerId, e.BuyerKind) { Country = e.BuyerCountry, Activity = e.BuyerActivity }, e.NoticeTitle, e.Url, e.Language, lots) { ContractFolderId = e.ProcedureId, Regime = e.Regime };

    /// <summary>Every stored lot as a classifier row, with the labels its form cannot declare left unknown.</summary>
    public static async Task<List<LotRow>> RowsAsync(ClausesStorage storage, CancellationToken cancellationToken)
    {
        var lots = new List<LotEntity>();
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(cancellationToken: cancellationToken)) lots.Add(lot);
        return ToRows(lots);
    }
}

using ClausesSociales.Notices;
using ClausesSociales.Storage;

namespace ClausesSociales.Classification;

/// <summary>Classifier rows from Lot entities, the same as from the parsed notice.</summary>
public static class StoredLots
{
    public static LotRow ToRow(LotEntity e)
    {
        var notice = new Notice(e.Source, e.NoticeId, Enum.TryParse<NoticeKind>(e.NoticeKind, out var k) ? k : NoticeKind.Other, null,
            new Buyer(e.BuyerName, e.BuyerId, e.BuyerKind), e.Title, e.Url, e.Language, []) { ContractFolderId = e.ProcedureId };
        return LotRow.From(notice, e.ToLot());
    }

    /// <summary>Every stored lot as a classifier row, with the labels its form cannot declare left unknown.</summary>
    public static async Task<List<LotRow>> RowsAsync(ClausesStorage storage, CancellationToken cancellationToken)
    {
        var rows = new List<LotRow>();
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(cancellationToken: cancellationToken)) rows.Add(ToRow(lot));
        return rows;
    }
}

namespace ClausesSociales.Notices;

/// <summary>
/// A lot whose own title or description reserves it in a sentence ("Nettoyage des abords, réservé aux
/// SIAE", "Lot réservé aux structures d'insertion par l'activité économique (article L. 2113-13)") is
/// reserved, as its buyer wrote: BOAMP notices often reserve one lot in its text while the notice's
/// reservation field says no. Only a sentence that names no lot, or this lot, counts; the text
/// rules' languages only (<see cref="ExecutionConditions.ReadsLanguage"/>).
/// </summary>
public static class WrittenReservations
{
    public static Notice Apply(Notice notice)
    {
        if (!ExecutionConditions.ReadsLanguage(notice.Language)) return notice;
        List<Lot>? lots = null;
        for (var i = 0; i < notice.Lots.Count; i++)
        {
            var lot = notice.Lots[i];
            if (lot.Markers.Reserved.Count > 0) continue;
            var codes = new[] { lot.Title, lot.Description }.OfType<string>()
                .SelectMany(ExecutionConditions.Reservations)
                .Where(r => r.Lots.Count == 0 || r.Lots.Contains(Number(lot.LotId)))
                .Select(r => r.Code).Distinct().ToList();
            if (codes.Count == 0) continue;
            lots ??= [.. notice.Lots];
            lots[i] = lot with { Markers = lot.Markers.Merge(new Markers([], codes, [], [])) };
        }
        return lots is null ? notice : notice with { Lots = lots };
    }

    /// <summary>The number of a lot id ("LOT-0006", "6", "Lot 6"): its digits without leading zeros.</summary>
    private static string Number(string lotId)
    {
        var digits = new string(lotId.Where(char.IsAsciiDigit).ToArray()).TrimStart('0');
        return digits.Length == 0 ? lotId : digits;
    }
}

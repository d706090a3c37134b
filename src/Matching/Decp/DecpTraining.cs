using ClausesSociales.Classification;
using ClausesSociales.Notices;

namespace ClausesSociales.Decp;

/// <summary>
/// Awarded contracts as training data for the lot classifier. A contract becomes a notice of source
/// "decp" with one lot whose markers are what its buyer declared: "Clause sociale" → <c>exec-soc</c>,
/// "Critère social" → <c>crit-soc</c>, "Marché réservé" → <c>decp-res</c>, "Clause environnementale"
/// → <c>exec-env</c>, "Critère environnemental" → <c>crit-env</c>; "Pas de considération..." leaves
/// the lists empty (a negative). Contracts whose buyer declared nothing carry no label and are left out.
/// Training merges them with <see cref="Rows"/> like any stored lot (<see cref="LotRow.From"/>).
/// </summary>
public static class DecpTraining
{
    public const string Source = "decp";
    public const string ReservedMarker = "decp-res";

    public static Notice? ToNotice(DecpContract c)
    {
        var labels = c.Labels;
        if (labels.Social is null && labels.Green is null) return null;
        var social = new List<string>();
        var reserved = new List<string>();
        var green = new List<string>();
        foreach (var s in c.SocialConsiderations)
        {
            if (Is(s, "Clause sociale")) social.Add(MarkerCodes.SocialExecutionCondition);
            else if (Is(s, "Critère social")) social.Add(MarkerCodes.SocialCriteria);
            else if (Is(s, "Marché réservé") || Is(s, "Concession réservée")) reserved.Add(ReservedMarker);
        }
        foreach (var e in c.EnvironmentalConsiderations)
        {
            if (Is(e, "Clause environnementale")) green.Add(MarkerCodes.EnvironmentalExecutionCondition);
            else if (Is(e, "Critère environnemental")) green.Add(MarkerCodes.EnvironmentalCriteria);
        }
        var geography = Geography.FrenchGeography.Instance;
        var department = c.PlaceType is { } t && t.Contains("partement", StringComparison.OrdinalIgnoreCase) && c.PlaceCode is { } code ? geography.ByCode(code)
            : c.PlaceType is { } p && p.Contains("postal", StringComparison.OrdinalIgnoreCase) ? geography.Resolve(c.PlaceCode)
            : c.PlaceType is { } k && k.Contains("commune", StringComparison.OrdinalIgnoreCase) && c.PlaceCode is { Length: 5 } insee ? geography.ByCode(insee.StartsWith("97", StringComparison.Ordinal) ? insee[..3] : insee[..2])
            : null;
        var lot = new Lot("1", c.Object, null, c.Cpv is { Length: 8 } ? c.Cpv : null, [], department is null ? [] : [department.Nuts3], department is null ? [] : [department.Code],
            c.Amount is > 0 and < 1e12m ? c.Amount : null, "EUR", c.DurationMonths, null, null,
            new Markers(social, reserved, green, []));
        return new Notice(Source, c.Key, NoticeKind.ContractAward, c.NotificationDate, new Buyer(null, c.BuyerId, null), c.Object, null, "fr", [lot]);
    }

    /// <summary>Labelled rows for the classifier, one per contract that declares its considerations.</summary>
    public static IEnumerable<LotRow> Rows(IEnumerable<DecpContract> contracts) =>
        contracts.Select(ToNotice).OfType<Notice>().Select(n => LotRow.From(n, n.Lots[0]));

    private static bool Is(string value, string wanted) => value.Trim().Equals(wanted, StringComparison.OrdinalIgnoreCase);
}

using System.Globalization;

namespace ClausesSociales.Decp;

/// <summary>What a structure (by SIRET) has won in public contracts, from DECP: counts and how many carried a social consideration or were reserved.</summary>
public sealed record TrackRecord(string Siret, int Won, int WithSocialClause, int Reserved)
{
    /// <summary>The reason shown with a match, in French: "a déjà remporté 3 marchés publics, dont 2 avec clause sociale".</summary>
    public string Reason()
    {
        var what = Won == 1 ? "1 marché public" : $"{Won.ToString(CultureInfo.InvariantCulture)} marchés publics";
        var details = new List<string>();
        if (WithSocialClause > 0) details.Add($"{WithSocialClause} avec clause sociale");
        if (Reserved > 0) details.Add(Reserved == 1 ? "1 réservé" : $"{Reserved} réservés");
        return details.Count == 0 ? $"A déjà remporté {what}" : $"A déjà remporté {what}, dont {string.Join(" et ", details)}";
    }

    /// <summary>
    /// Between 0 and 1: experience of public contracts saturates at 5 won, and counts double when
    /// they carried a social clause or a reservation.
    /// </summary>
    public double Strength => Math.Min(1, (Won + WithSocialClause + Reserved) / 5.0);
}

/// <summary>Track records by SIRET, as the matcher reads them.</summary>
public sealed class TrackRecords(IReadOnlyDictionary<string, TrackRecord> bySiret)
{
    public static readonly TrackRecords None = new(new Dictionary<string, TrackRecord>());

    public int Count => bySiret.Count;

    public TrackRecord? For(string siret) => bySiret.GetValueOrDefault(siret);
}

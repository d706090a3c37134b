using ClausesSociales.Storage;

namespace ClausesSociales.Decp;

/// <summary>An awarded contract in the Contracts table: partition = buyer SIRET, row = the buyer's contract id.</summary>
public sealed class ContractEntity : TableRow
{
    public string ContractId { get; set; } = "";
    public string BuyerId { get; set; } = "";
    public string? Object { get; set; }
    public string? Cpv { get; set; }
    public string? PlaceCode { get; set; }
    public string? PlaceType { get; set; }
    public double? Amount { get; set; }
    public int? DurationMonths { get; set; }
    public string? NotificationDate { get; set; }
    public string? Procedure { get; set; }
    public string? Nature { get; set; }

    /// <summary>"SIRET:12345678900023|TVA:FR..."</summary>
    public string? Titulaires { get; set; }

    public string? SocialConsiderations { get; set; }
    public string? EnvironmentalConsiderations { get; set; }

    public static ContractEntity From(DecpContract c) => new()
    {
        PartitionKey = TableKeys.Safe(c.BuyerId),
        RowKey = TableKeys.Safe(c.Id),
        ContractId = c.Id,
        BuyerId = c.BuyerId,
        Object = Cap(c.Object),
        Cpv = c.Cpv,
        PlaceCode = c.PlaceCode,
        PlaceType = c.PlaceType,
        Amount = (double?)c.Amount,
        DurationMonths = c.DurationMonths,
        NotificationDate = c.NotificationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        Procedure = c.Procedure,
        Nature = c.Nature,
        Titulaires = c.Titulaires.Count == 0 ? null : string.Join("|", c.Titulaires.Select(t => $"{t.Kind}:{t.Id}")),
        SocialConsiderations = c.SocialConsiderations.Count == 0 ? null : string.Join("|", c.SocialConsiderations),
        EnvironmentalConsiderations = c.EnvironmentalConsiderations.Count == 0 ? null : string.Join("|", c.EnvironmentalConsiderations),
    };

    public DecpContract ToContract() => new(
        ContractId, BuyerId, Object, Cpv, PlaceCode, PlaceType, (decimal?)Amount, DurationMonths,
        DateOnly.TryParse(NotificationDate, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null,
        Procedure, Nature,
        Split(Titulaires).Select(t => t.Split(':', 2)).Select(p => p.Length == 2 ? new Titulaire(p[0], p[1]) : new Titulaire("", p[0])).ToList(),
        Split(SocialConsiderations), Split(EnvironmentalConsiderations));

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split('|');

    internal static string? Cap(string? text) => text is { Length: > 2000 } ? text[..2000] + "…" : text;
}

/// <summary>A contract won by a titulaire, in the Awards table: partition = the titulaire's SIRET, row = buyer_contract.</summary>
public sealed class AwardEntity : TableRow
{
    public string BuyerId { get; set; } = "";
    public string ContractId { get; set; } = "";
    public string? NotificationDate { get; set; }
    public double? Amount { get; set; }
    public string? Cpv { get; set; }
    public string? Object { get; set; }
    public bool Social { get; set; }
    public bool Reserved { get; set; }
    public bool Green { get; set; }

    public static AwardEntity From(DecpContract c, string siret)
    {
        var labels = c.Labels;
        return new AwardEntity
        {
            PartitionKey = siret,
            RowKey = TableKeys.Safe(c.Key),
            BuyerId = c.BuyerId,
            ContractId = c.Id,
            NotificationDate = c.NotificationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Amount = (double?)c.Amount,
            Cpv = c.Cpv,
            Object = ContractEntity.Cap(c.Object),
            Social = labels.Social == true,
            Reserved = labels.Reserved == true,
            Green = labels.Green == true,
        };
    }
}

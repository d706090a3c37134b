using System.Text.Json;
using System.Text.Json.Serialization;
using ClausesSociales.CodeLists;

namespace ClausesSociales.Notices;

/// <summary>One lot with its notice's fields, flat: the line `clauses parse` prints.</summary>
public sealed record LotRecord(
    string Source,
    string NoticeId,
    string NoticeKind,
    string? PublicationDate,
    string? BuyerName,
    string LotId,
    string? Title,
    string? Description,
    string? MainCpv,
    string? MainCpvLabel,
    IReadOnlyList<string> AdditionalCpv,
    IReadOnlyList<string> Nuts,
    string? Department,
    decimal? EstimatedValue,
    string? Currency,
    decimal? DurationMonths,
    DateTimeOffset? Deadline,
    MarkerRecord Markers)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static IEnumerable<LotRecord> From(Notice notice, CodeLabels labels) => notice.Lots.Select(lot => new LotRecord(
        notice.Source,
        notice.NoticeId,
        notice.Kind.ToString(),
        notice.PublicationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        notice.Buyer.Name,
        lot.LotId,
        lot.Title,
        lot.Description,
        lot.MainCpv,
        labels.Label("cpv", lot.MainCpv),
        lot.AdditionalCpv,
        lot.Nuts,
        lot.Department,
        lot.EstimatedValue,
        lot.Currency,
        lot.DurationMonths,
        lot.Deadline,
        new MarkerRecord(lot.Markers.Social, lot.Markers.Reserved, lot.Markers.Green, lot.Markers.Innovation)));
}

public sealed record MarkerRecord(IReadOnlyList<string> Social, IReadOnlyList<string> Reserved, IReadOnlyList<string> Green, IReadOnlyList<string> Innovation);

using ClausesSociales.Classification;
using ClausesSociales.Notices;

namespace ClausesSociales.Storage;

/// <summary>
/// A lot in the Lots table: partition = the notice (source_noticeId), row = lot id. Later stages
/// (classification, matching) add their own properties, so the parser writes with merge.
/// </summary>
public sealed class LotEntity : TableRow
{

    public string Source { get; set; } = "";
    public string NoticeId { get; set; } = "";
    public string LotId { get; set; } = "";
    public string NoticeKind { get; set; } = "";
    public string? PublicationDate { get; set; }
    public string? BuyerName { get; set; }
    public string? BuyerId { get; set; }
    public string? BuyerKind { get; set; }

    /// <summary>The buyer's country (<see cref="Buyer.Country"/>).</summary>
    public string? BuyerCountry { get; set; }

    /// <summary>The buyer's main activity (<see cref="Buyer.Activity"/>).</summary>
    public string? BuyerActivity { get; set; }

    /// <summary>The procurement regime of the notice (<see cref="Notice.Regime"/>).</summary>
    public string? Regime { get; set; }
    public string? Title { get; set; }

    /// <summary>The notice's title: what a lot named "Secteur Nord" buys.</summary>
    public string? NoticeTitle { get; set; }
    public string? Description { get; set; }
    public string? MainCpv { get; set; }
    public string? AdditionalCpv { get; set; }
    public string? Nuts { get; set; }
    public string? Departments { get; set; }
    public double? EstimatedValue { get; set; }
    public string? Currency { get; set; }
    public double? DurationMonths { get; set; }
    public DateTimeOffset? Deadline { get; set; }
    public string? Nature { get; set; }
    public string? Url { get; set; }
    public string? Language { get; set; }
    public string? SocialMarkers { get; set; }
    public string? ReservedMarkers { get; set; }
    public string? GreenMarkers { get; set; }
    public string? InnovationMarkers { get; set; }

    /// <summary>
    /// The labels the notice's form or language cannot declare (<see cref="Markers.Unknown"/>), comma
    /// separated: retraining leaves those lots out of that label instead of counting them negative.
    /// Null on lots stored before it was written; <see cref="ToLot"/> then applies the forms rule.
    /// </summary>
    public string? UnknownLabels { get; set; }

    /// <summary>The procedure (eForms BT-04) the notice belongs to, shared with its change notices.</summary>
    public string? ProcedureId { get; set; }

    /// <summary>The later notice of the same procedure that replaces this lot's notice (a change notice); empty or null: current.</summary>
    public string? SupersededBy { get; set; }

    /// <summary>Whether this lot is the current version: no later notice of its procedure replaced it.</summary>
    public bool IsCurrent() => string.IsNullOrEmpty(SupersededBy);

    /// <summary>A lot whose notice gives no deadline is taken as open while it is this recent (the board, the alerts).</summary>
    public const int UndatedOpenDays = 30;

    /// <summary>The first publication day ("yyyy-MM-dd") of an undated lot still taken as open.</summary>
    public static string UndatedOpenSince(DateTimeOffset now) => now.AddDays(-UndatedOpenDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The probability from which a lot classified before <see cref="LikelyLabels"/> was written is shown as likely.</summary>
    public const double EarlierThreshold = 0.5;

    /// <summary>Declared reserved by its buyer, or likely to be (<see cref="IsLikely"/>): digests, lots board, lot pages.</summary>
    public bool CouldBeReserved() => ReservedMarkers is { Length: > 0 } || IsLikely(Classification.Labels.Reserved);

    public bool CouldCarrySocialClause() => SocialMarkers is { Length: > 0 } || IsLikely(Classification.Labels.Social);

    public bool CouldCarryGreenClause() => GreenMarkers is { Length: > 0 } || IsLikely(Classification.Labels.Green);

    /// <summary>The three labels as the e-mails tell them, reserved, social then green: declared or shown as likely, markers, probability.</summary>
    public IReadOnlyList<LabelState> LabelStates() =>
    [
        new(Classification.Labels.Reserved, CouldBeReserved(), ReservedMarkers, ReservedProbability),
        new(Classification.Labels.Social, CouldCarrySocialClause(), SocialMarkers, SocialProbability),
        new(Classification.Labels.Green, CouldCarryGreenClause(), GreenMarkers, GreenProbability),
    ];

    /// <summary>
    /// Whether the classifier ranks the lot among those likely to carry the label: its probability
    /// reached its model's threshold (<see cref="LikelyLabels"/>), or <see cref="EarlierThreshold"/>
    /// for lots classified before the thresholds were stored.
    /// </summary>
    public bool IsLikely(string label) => LikelyLabels is { } likely
        // "social", "reserved" and "green": no label's name is part of another's.
        ? likely.Contains(label, StringComparison.Ordinal)
        : (label == Classification.Labels.Social ? SocialProbability : label == Classification.Labels.Reserved ? ReservedProbability : GreenProbability) >= EarlierThreshold;

    /// <summary>The classifier's scores for matching, or null when the lot was not classified.</summary>
    public LotScores? Scores() => SocialProbability is { } social
        ? new LotScores(social, ReservedProbability ?? 0, GreenProbability ?? 0, IsLikely(Classification.Labels.Social))
        : null;

    // Written by ClassifyLots.
    public double? SocialProbability { get; set; }
    public double? ReservedProbability { get; set; }
    public double? GreenProbability { get; set; }

    /// <summary>The labels whose probability reached its head's threshold (<see cref="LinearHead.Threshold"/>), comma separated; empty: none; null: classified before it was written.</summary>
    public string? LikelyLabels { get; set; }
    public string? Reasons { get; set; }
    public string? ModelVersion { get; set; }

    // Written by MatchLots: the SIRETs of the lot's rows in Matches, so that a new matching removes the ones that no longer hold without reading them.
    public string? MatchedSirets { get; set; }

    public static LotEntity From(Notice notice, Lot lot) => new()
    {
        PartitionKey = TableKeys.Notice(notice.Source, notice.NoticeId),
        ProcedureId = notice.ContractFolderId,
        RowKey = Row(notice.Source, notice.NoticeId, lot.LotId),
        Source = notice.Source,
        NoticeId = notice.NoticeId,
        LotId = lot.LotId,
        NoticeKind = notice.Kind.ToString(),
        PublicationDate = notice.PublicationDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        BuyerName = notice.Buyer.Name,
        BuyerId = notice.Buyer.Identifier,
        BuyerKind = notice.Buyer.Kind,
        BuyerCountry = notice.Buyer.Country,
        BuyerActivity = notice.Buyer.Activity,
        Regime = notice.Regime,
        Title = TextLimit.Cap(lot.Title),
        NoticeTitle = TextLimit.Cap(notice.Title),
        Description = TextLimit.Cap(lot.Description),
        MainCpv = lot.MainCpv,
        AdditionalCpv = Join(lot.AdditionalCpv),
        Nuts = Join(lot.Nuts),
        Departments = Join(lot.Departments),
        EstimatedValue = (double?)lot.EstimatedValue,
        Currency = lot.Currency,
        DurationMonths = (double?)lot.DurationMonths,
        Deadline = lot.Deadline,
        Nature = lot.Nature?.ToString(),
        Url = notice.Url,
        Language = notice.Language,
        SocialMarkers = Join(lot.Markers.Social),
        ReservedMarkers = Join(lot.Markers.Reserved),
        GreenMarkers = Join(lot.Markers.Green),
        InnovationMarkers = Join(lot.Markers.Innovation),
        UnknownLabels = Join(lot.Markers.Unknown),
    };

    /// <summary>
    /// The row of a lot: its whole identity (source, notice, lot), not its lot id alone, so that no
    /// two lots of the table share a row key ("1" and "LOT-0001" are in most notices). Table
    /// Storage finds an entity by both keys whatever they are; Azurite finds it through its row key
    /// index and then reads every entity with that row key, so a repeated row key makes each write
    /// cost more as the table grows.
    /// </summary>
    public static string Row(string source, string noticeId, string lotId) => MatchEntity.LotKey(source, noticeId, lotId);

    /// <summary>
    /// The lot as the parser produced it, for the stages that read it back. One whose notice names no
    /// place is where its buyer is when that is abroad: a Barcelona concession is no lot for
    /// structures across France.
    /// </summary>
    public Lot ToLot()
    {
        var (nuts, departments) = (Split(Nuts), Split(Departments));
        var abroad = nuts.Count == 0 && departments.Count == 0 && BuyerCountry is { Length: > 0 } country && !country.StartsWith("FR", StringComparison.OrdinalIgnoreCase);
        return new(
            LotId,
            Title,
            Description,
            MainCpv,
            Split(AdditionalCpv),
            abroad ? [BuyerCountry!] : nuts,
            departments,
            (decimal?)EstimatedValue,
            Currency,
            (decimal?)DurationMonths,
            Deadline,
            Enum.TryParse<ContractNature>(Nature, out var n) ? n : null,
            new Markers(Split(SocialMarkers), Split(ReservedMarkers), Split(GreenMarkers), Split(InnovationMarkers)) { Unknown = UnknownLabels is null ? UnknownByForm() : Split(UnknownLabels) });
    }

    /// <summary>
    /// For a lot stored before <see cref="UnknownLabels"/> was written: only contract and
    /// prior-information notices have a reservation and performance-condition section in every
    /// format, so the other kinds leave reserved and social unknown (a marker they carry still counts).
    /// </summary>
    private IReadOnlyList<string> UnknownByForm() =>
        NoticeKind is nameof(Notices.NoticeKind.ContractNotice) or nameof(Notices.NoticeKind.PriorInformation) ? [] : [DeclarableLabels.Reserved, DeclarableLabels.Social];

    private static string? Join(IReadOnlyList<string> values) => values.Count == 0 ? null : string.Join(",", values);

    private static IReadOnlyList<string> Split(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : joined.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>One label of a lot: whether its buyer declared it or the model shows it as likely (<see cref="Flagged"/>), with the markers and the probability.</summary>
public sealed record LabelState(string Label, bool Flagged, string? Markers, double? Probability);

using System.Globalization;
using ClausesSociales.CodeLists;
using ClausesSociales.Geography;
using ClausesSociales.Storage;

namespace ClausesSociales.Digests;

/// <summary>
/// Gathers a buyer's digest for an ISO week: its lots published in the week or the one before, or
/// still open, that could be reserved, carry a clause d'insertion or an environmental clause
/// (declared, or likely: <see cref="Storage.LotEntity.IsLikely"/>), each with its three best-matched structures.
/// </summary>
public sealed class DigestBuilder(ClausesStorage storage, CodeLabels labels, SignedLinks links)
{
    public async Task<Digest> BuildAsync(SubscriptionEntity subscription, string isoWeek, CancellationToken cancellationToken)
    {
        var (monday, sunday) = IsoWeeks.Range(isoWeek);
        var departments = subscription.Departments?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var reserved = new List<DigestLot>();
        var social = new List<DigestLot>();
        var green = new List<DigestLot>();
        var structures = new HashSet<string>();
        var capped = false;
        var filter = TableClientFilter(subscription.RowKey);
        await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!lot.IsCurrent()) continue;
            var published = lot.PublicationDate is { } p && DateOnly.TryParse(p, CultureInfo.InvariantCulture, out var d) ? d : (DateOnly?)null;
            var recent = published is { } day && day >= monday.AddDays(-7) && day <= sunday;
            var open = lot.Deadline is { } deadline && DateOnly.FromDateTime(deadline.Date) >= monday;
            if (!recent && !open) continue;
            var lotDepartments = lot.Departments?.Split(',') ?? [];
            if (departments.Length > 0 && !lotDepartments.Any(departments.Contains)) continue;

            // The lot is listed once, under its first label declared or shown as likely (reserved, social, green).
            var labelStates = lot.LabelStates();
            if (labelStates.FirstOrDefault(s => s.Flagged) is not { } shown) continue;

            var matches = new List<MatchEntity>();
            await foreach (var m in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(MatchEntity.LotFilter(lot.Source, lot.NoticeId, lot.LotId), cancellationToken: cancellationToken)) matches.Add(m);
            var top = Matching.InclusivePotential.Shown(matches, 3, m => m.Rank, m => m.Potential, m => m.Kind);
            structures.UnionWith(matches.Select(m => m.Siret));
            capped |= matches.Count >= Pipeline.MatchLotsHandler.TopPerLot;

            var (probability, declared, label) = (shown.Probability, shown.Markers, shown.Label);
            var list = label switch { Classification.Labels.Reserved => reserved, Classification.Labels.Social => social, _ => green };
            LotFeedback Answer(FeedbackVerdict verdict) => new(subscription.RowKey, lot.Source, lot.NoticeId, lot.LotId, label, verdict);
            list.Add(new DigestLot(
                lot.Source,
                lot.NoticeId,
                lot.LotId,
                lot.Title ?? "(sans titre)",
                lot.MainCpv is null ? null : labels.Cpv(lot.MainCpv),
                Place(lotDepartments),
                Web.LotCards.Value(lot.EstimatedValue, lot.Currency),
                lot.Deadline is { } closes ? Web.LotCards.ParisDayAndHour(closes) : null,
                Web.SafeUrl.Http(lot.Url),
                Web.LotCards.Likelihood(label, declared, probability),
                Matching.InclusivePotential.Advice(top.FirstOrDefault()?.Potential),
                declared is { Length: > 0 } ? null : Why(lot.Reasons),
                top.Select(m => new DigestStructure(m.Siret, m.Name, m.Kind, m.DistanceKm is { } km ? $"{km:F0} km" : null, m.Reasons.Split('\n').First())
                {
                    Caveat = Matching.InclusivePotential.Caveat(m.Potential, m.Kind),
                }).ToList(),
                declared is { Length: > 0 } ? null : links.Feedback(Answer(FeedbackVerdict.Interested)),
                declared is { Length: > 0 } ? null : links.Feedback(Answer(FeedbackVerdict.NotRelevant)),
                links.Absolute(Web.LotCards.LotPath(lot.Source, lot.NoticeId, lot.LotId)))
            {
                // What else its buyer declared, or the model flags, is said with it.
                Also = Also(label, labelStates),
            });
        }

        var sections = new List<DigestSection>();
        if (reserved.Count > 0) sections.Add(new("Lots réservés ou pouvant l'être", "Marchés réservés aux ESAT et entreprises adaptées (article L2113-12) ou aux SIAE (article L2113-13).", reserved));
        if (social.Count > 0) sections.Add(new("Lots pouvant porter une clause d'insertion", "Heures de travail réservées à des personnes éloignées de l'emploi (L2112-2).", social));
        if (green.Count > 0) sections.Add(new("Lots pouvant porter une clause environnementale", "Conditions d'exécution ou critères environnementaux.", green));
        // The links expire a set time after the week: the same week gives the same links, whenever it is built.
        var expires = new DateTimeOffset(sunday.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero) + SubscriptionLinks.DigestValidity;
        var pages = new SubscriptionLinks(links);
        return new Digest(subscription.Name, subscription.Email, isoWeek, sections, structures.Count,
            links.Unsubscribe(SubscriberKind.Buyer, subscription.RowKey, subscription.Email), subscription.RowKey,
            pages.Digest(subscription.RowKey, isoWeek, expires), pages.Manage(subscription, expires)) { StructuresNearbyAtLeast = capped };
    }

    private static string TableClientFilter(string buyerId) => Azure.Data.Tables.TableClient.CreateQueryFilter($"BuyerId eq {buyerId}");

    /// <summary>The departments by name and code ("Rhône (69)"), or null when none is known.</summary>
    internal static string? Place(IEnumerable<string> departments)
    {
        var names = departments.Select(FrenchGeography.Instance.ByCode).OfType<Department>().Select(d => d.InFrench()).ToList();
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    /// <summary>
    /// The labels of a lot beside its section's, as one line: "Aussi déclaré par l'acheteur : clause
    /// d'insertion et clause environnementale · aussi possible : marché réservé (probabilité estimée à 31 %)".
    /// </summary>
    internal static string? Also(string shown, IReadOnlyList<LabelState> labels)
    {
        static string Name(string label) => label switch
        {
            Classification.Labels.Reserved => "marché réservé",
            Classification.Labels.Social => "clause d'insertion",
            _ => "clause environnementale",
        };
        var others = labels.Where(o => o.Label != shown && o.Flagged).ToList();
        var declared = others.Where(o => o.Markers is { Length: > 0 }).Select(o => Name(o.Label)).ToList();
        var likely = others.Where(o => o.Markers is not { Length: > 0 }).Select(o => $"{Name(o.Label)} (probabilité estimée à {Web.LotCards.Percent(o.Probability ?? 0)})").ToList();
        var parts = new List<string>();
        if (declared.Count > 0) parts.Add("déclaré par l'acheteur : " + Web.Plurals.List(declared));
        if (likely.Count > 0) parts.Add("possible : " + Web.Plurals.List(likely));
        return parts.Count == 0 ? null : "Aussi " + string.Join(" · aussi ", parts);
    }

    /// <summary>The first two of the classifier's reasons, as a buyer reads them: why a lot its buyer declared nothing for is in the digest.</summary>
    internal static string? Why(string? reasons) =>
        (reasons ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(2).ToList() is { Count: > 0 } first
            ? "Pourquoi : " + string.Join(" ; ", first)
            : null;
}

/// <summary>ISO 8601 weeks ("2026-W48").</summary>
public static class IsoWeeks
{
    public static (DateOnly Monday, DateOnly Sunday) Range(string isoWeek)
    {
        var parts = isoWeek.Split("-W", StringSplitOptions.None);
        if (parts.Length != 2 || !int.TryParse(parts[0], out var year) || !int.TryParse(parts[1], out var week) || week is < 1 or > 53)
        {
            throw new FormatException($"'{isoWeek}' is not an ISO week such as 2026-W48");
        }
        var monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return (monday, monday.AddDays(6));
    }

    /// <summary>The ISO week of an instant's day in Paris: a Monday-morning timer in UTC falls in the right week whatever the season.</summary>
    public static string InParis(DateTimeOffset instant) => Of(ParisDay(instant));

    /// <summary>The calendar day in Paris at an instant.</summary>
    public static DateOnly ParisDay(DateTimeOffset instant) => Notices.NoticeValues.ParisDay(instant);

    public static string Of(DateOnly day) => $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):00}";

    /// <summary>An ISO week as buyers read it: "semaine du 23 au 29 novembre 2026", "du 30 novembre au 6 décembre 2026", "du 28 décembre 2026 au 3 janvier 2027".</summary>
    public static string InFrench(string isoWeek)
    {
        var (monday, sunday) = Range(isoWeek);
        var from = monday.Year != sunday.Year ? Web.LotCards.LongDate(monday)
            : monday.Month != sunday.Month ? $"{Web.LotCards.DayOfMonth(monday)} {monday.ToString("MMMM", Web.LotCards.French)}"
            : Web.LotCards.DayOfMonth(monday);
        return $"semaine du {from} au {Web.LotCards.LongDate(sunday)}";
    }
}

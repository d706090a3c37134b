using System.Globalization;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Decp;
using ClausesSociales.Geography;
using ClausesSociales.Matching;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using ClausesSociales.Territories;

namespace ClausesSociales.Observatory;

/// <summary>
/// Computes the figures of a territorial report: lots published by the territory's buyers and lots
/// performed there, declared clause shares next to the department, region and nation, missed
/// opportunities, local ESS supply, demand/supply gaps and the awarded side from DECP.
/// </summary>
public sealed class ObservatoryBuilder(PlaceResolver places, CodeLabels labels, TimeProvider clock)
{
    public const int MissedShown = 15;

    public ObservatoryFigures Build(Territory territory, DateOnly from, DateOnly to, ObservatoryInputs inputs)
    {
        var split = places.Split;
        var notes = new List<string>();
        var lots = inputs.Lots.Where(l => InPeriod(l.PublicationDate, from, to)).ToList();

        var published = lots.Where(l => territory.Of(places.Buyer(l.BuyerId, l.BuyerName).Communes) == Membership.Inside).ToList();
        var unknownBuyers = lots.Count(l => !places.Buyer(l.BuyerId, l.BuyerName).IsKnown);
        var placeOf = lots.ToDictionary(l => l, l => territory.Of(places.Departments(Split(l.Departments)).Communes));
        var performed = lots.Where(l => placeOf[l] == Membership.Inside).ToList();
        var enclosing = lots.Count(l => placeOf[l] == Membership.Overlaps);
        if (unknownBuyers > 0) notes.Add($"{Web.Plurals.Count(unknownBuyers, "lot de la période a", "lots de la période ont")} un acheteur dont le territoire n'a pu être déterminé (ni SIREN de commune ou d'EPCI, ni nom de département ou de région) : {Web.Plurals.Of(unknownBuyers, "il n'est compté", "ils ne sont comptés")} dans aucun territoire.");
        if (enclosing > 0) notes.Add($"{Web.Plurals.Count(enclosing, "lot a", "lots ont")} pour lieu d'exécution une zone plus large que le territoire (un département qui le déborde, ou plusieurs départements) : {Web.Plurals.Of(enclosing, "l'avis ne précise pas la commune, il n'est pas compté comme exécuté", "les avis ne précisent pas la commune, ils ne sont pas comptés comme exécutés")} dans le territoire.");

        var shares = new List<ShareRow> { Share("territoire", $"Acheteurs du territoire", published) };
        if (territory.Departments.Count > 0)
        {
            var departments = territory.Departments.ToHashSet();
            shares.Add(Share("departement", "Département" + (departments.Count > 1 ? "s " : " ") + string.Join(", ", territory.Departments.Select(d => $"{split.Departments.GetValueOrDefault(d)?.Name} ({d})")),
                lots.Where(l => Split(l.Departments).Any(departments.Contains)).ToList()));
            var regions = territory.Regions.ToHashSet();
            shares.Add(Share("region", "Région" + (regions.Count > 1 ? "s " : " ") + string.Join(", ", territory.Regions.Select(r => split.Regions.GetValueOrDefault(r)?.Name ?? r)),
                lots.Where(l => Split(l.Departments).Any(d => split.Departments.GetValueOrDefault(d)?.Region is { } r && regions.Contains(r))).ToList()));
        }
        shares.Add(Share("national", "France (tous les lots enregistrés)", lots));

        var structureCommunes = inputs.Structures.ToDictionary(s => s.Siret, s => places.Commune(s.PostalCode, s.City));
        var local = inputs.Structures.Where(s => structureCommunes[s.Siret] is { } c && territory.Communes.Contains(c.Code)).ToList();
        var localSirets = local.Select(s => s.Siret).ToHashSet();
        var unplaced = inputs.Structures.Count(s => structureCommunes[s.Siret] is null && territory.Departments.Contains(s.Department));
        if (unplaced > 0) notes.Add($"{Web.Plurals.Count(unplaced, "structure des départements du territoire n'a pu être rattachée", "structures des départements du territoire n'ont pu être rattachées")} à une commune (code postal et ville) : {Web.Plurals.Of(unplaced, "elle n'est pas comptée", "elles ne sont pas comptées")} dans l'offre locale.");

        var territoryLots = published.Concat(performed).Distinct().ToList();
        var missed = Missed(territoryLots, inputs.Structures, localSirets);
        var supply = Supply(local, unplaced);
        var gaps = Gaps(territoryLots, local);
        var awarded = Awarded(territory, from, to, inputs, localSirets);

        return new ObservatoryFigures(
            new TerritoryFigures(territory.Spec, territory.Name, territory.Population(split),
                territory.Communes.Select(split.Commune).OfType<Commune>().OrderBy(c => c.Name, StringComparer.Create(CultureInfo.GetCultureInfo("fr-FR"), true)).Select(c => new NamedCode(c.Code, c.Name)).ToList(),
                territory.Epcis.Select(e => new NamedCode(e.Code, e.Name)).ToList(),
                territory.Departments.Select(d => new NamedCode(d, split.Departments.GetValueOrDefault(d)?.Name ?? d)).ToList(),
                territory.Regions.Select(r => new NamedCode(r, split.Regions.GetValueOrDefault(r)?.Name ?? r)).ToList()),
            Iso(from), Iso(to), clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
            Figures(published), Figures(performed), enclosing, shares, missed, supply, gaps, awarded, notes);
    }

    private LotFigures Figures(IReadOnlyList<LotEntity> lots) => new(
        lots.Count, lots.Count(IsSocial), lots.Count(IsReserved), lots.Count(IsGreen),
        FillMonths(Count(lots, l => l.PublicationDate is { Length: >= 7 } d ? d[..7] : "?", k => k).ToList()),
        Count(lots, l => l.BuyerName ?? l.BuyerId ?? "?", k => k).OrderByDescending(r => r.Lots).ThenBy(r => r.Key, StringComparer.Ordinal).ToList(),
        Count(lots, l => Division(l.MainCpv), DivisionLabel).OrderByDescending(r => r.Lots).ThenBy(r => r.Key, StringComparer.Ordinal).ToList());

    private static IEnumerable<CountRow> Count(IEnumerable<LotEntity> lots, Func<LotEntity, string> key, Func<string, string> label) =>
        lots.GroupBy(key).Select(g => new CountRow(g.Key, label(g.Key), g.Count(), g.Count(IsSocial), g.Count(IsReserved), g.Count(IsGreen)));

    /// <summary>Every month from the first to the last with lots, empty ones included, so that the chart's time axis is regular.</summary>
    private static List<CountRow> FillMonths(List<CountRow> months)
    {
        var known = months.Where(m => m.Key != "?").ToDictionary(m => m.Key);
        if (known.Count == 0) return months;
        var first = DateOnly.ParseExact(known.Keys.Min()! + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var last = DateOnly.ParseExact(known.Keys.Max()! + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var filled = new List<CountRow>();
        for (var m = first; m <= last; m = m.AddMonths(1))
        {
            var key = m.ToString("yyyy-MM", CultureInfo.InvariantCulture);
            // Keyed "2026-11" for the files; labelled "novembre 2026" for readers.
            var label = m.ToString("MMMM yyyy", Web.LotCards.French);
            filled.Add(known.GetValueOrDefault(key) is { } row ? row with { Label = label } : new CountRow(key, label, 0, 0, 0, 0));
        }
        return filled;
    }

    private static ShareRow Share(string scope, string label, IReadOnlyList<LotEntity> lots) =>
        new(scope, label, lots.Count, Ratio(lots.Count(IsSocial), lots.Count), Ratio(lots.Count(IsReserved), lots.Count), Ratio(lots.Count(IsGreen), lots.Count));

    private List<MissedLot> Missed(IReadOnlyList<LotEntity> lots, IReadOnlyList<Structure> structures, IReadOnlySet<string> localSirets)
    {
        var matcher = new LotMatcher(new StructureIndex(structures, FrenchGeography.Instance), labels);
        var candidates = new List<(double Rank, MissedLot Lot)>();
        foreach (var l in lots.Where(l => !IsSocial(l) && !IsReserved(l)))
        {
            var match = matcher.Match(l.NoticeId, l.ToLot(), l.Scores(), top: 50);
            var probability = Math.Max(l.SocialProbability ?? 0, l.ReservedProbability ?? 0);
            var potential = match.Potential.Recommendation;
            var bonus = potential switch
            {
                InclusivePotential.ReserveSheltered or InclusivePotential.ReserveSiae => 0.3,
                InclusivePotential.InsertionClause => 0.15,
                _ => 0,
            };
            var likely = l.IsLikely(Labels.Social) || l.IsLikely(Labels.Reserved);
            if (!likely && bonus == 0) continue;
            var nearby = match.Matches.Where(m => localSirets.Contains(m.Structure.Siret)).ToList();
            var shown = (nearby.Count > 0 ? nearby : match.Matches.ToList()).Take(3)
                .Select(m => new LocalStructure(m.Structure.Siret, m.Structure.Name, m.Structure.Kind.ToString(), m.Structure.City, m.DistanceKm, m.Score)).ToList();
            // Which label the classifier ranks the lot likely for, each with its own probability: a reservation
            // at 3 % next to a social clause at 80 % must not read as one 80 %.
            // "Probable" would overstate 30 %: the lot is among those the classifier ranks highest, at its own estimate.
            string Likely(string label, string name, double? p) => l.IsLikely(label) ? $"{name} envisageable (probabilité estimée à {Web.LotCards.Percent(p ?? 0)})" : "";
            var why = likely
                ? "le classifieur : " + string.Join(" ; ", new[] { Likely(Labels.Social, "clause sociale", l.SocialProbability), Likely(Labels.Reserved, "réservation", l.ReservedProbability) }.Where(s => s.Length > 0))
                : "l'offre locale : des structures du métier travaillent à proximité";
            candidates.Add((probability + bonus, new MissedLot(why, l.Source, l.NoticeId, l.LotId, l.Title, l.BuyerName, l.PublicationDate, l.MainCpv,
                l.MainCpv is null ? null : labels.Label("cpv", l.MainCpv), l.SocialProbability, l.ReservedProbability, potential, match.Potential.Explanation,
                (l.Reasons ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(4).ToList(), shown, l.Url)));
        }
        // At most two lots of one notice, so that one large notice does not fill the list.
        return candidates.OrderByDescending(c => c.Rank).ThenBy(c => c.Lot.NoticeId, StringComparer.Ordinal).ThenBy(c => c.Lot.LotId, StringComparer.Ordinal)
            .GroupBy(c => (c.Lot.Source, c.Lot.NoticeId)).SelectMany(g => g.Take(2))
            .OrderByDescending(c => c.Rank).ThenBy(c => c.Lot.NoticeId, StringComparer.Ordinal).ThenBy(c => c.Lot.LotId, StringComparer.Ordinal)
            .Take(MissedShown).Select(c => c.Lot).ToList();
    }

    private SupplyFigures Supply(IReadOnlyList<Structure> local, int unplaced)
    {
        var byKind = local.GroupBy(s => s.Kind.ToString()).Select(g => new CountRow(g.Key, g.Key, g.Count(), 0, 0, 0)).OrderByDescending(r => r.Lots).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var byTrade = local.SelectMany(s => Divisions(s).Select(d => (d, s))).GroupBy(x => x.d)
            .Select(g => new CountRow(g.Key, DivisionLabel(g.Key), g.Select(x => x.s.Siret).Distinct().Count(), 0, 0, 0))
            .OrderByDescending(r => r.Lots).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var points = local.Select(s => new MapPoint(s.Name, s.Kind.ToString(), s.Latitude, s.Longitude)).ToList();
        return new SupplyFigures(local.Count, byKind, byTrade, points, unplaced);
    }

    private List<GapRow> Gaps(IReadOnlyList<LotEntity> lots, IReadOnlyList<Structure> local)
    {
        var demand = lots.GroupBy(l => Division(l.MainCpv)).Where(g => g.Key != "?").ToDictionary(g => g.Key, g => g.Count());
        var supply = local.SelectMany(s => Divisions(s).Select(d => (d, s.Siret))).Distinct().GroupBy(x => x.d).ToDictionary(g => g.Key, g => g.Count());
        return demand.Keys.Union(supply.Keys).Select(d =>
        {
            var n = demand.GetValueOrDefault(d);
            var m = supply.GetValueOrDefault(d);
            var gap = n > 0 && m == 0 ? "demande sans offre locale" : n == 0 && m > 0 ? "offre locale sans lot" : "demande et offre";
            return new GapRow(d, DivisionLabel(d), n, m, gap);
        }).OrderBy(g => g.Gap switch { "demande sans offre locale" => 0, "offre locale sans lot" => 1, _ => 2 }).ThenByDescending(g => g.Lots + g.LocalStructures).ThenBy(g => g.Division, StringComparer.Ordinal).ToList();
    }

    private AwardedFigures Awarded(Territory territory, DateOnly from, DateOnly to, ObservatoryInputs inputs, IReadOnlySet<string> localSirets)
    {
        var ess = inputs.Structures.Select(s => s.Siret).ToHashSet();
        var contracts = inputs.Contracts.Where(c => c.NotificationDate is { } d && d >= from && d <= to)
            .Where(c => territory.Of(places.Buyer(c.BuyerId, null).Communes) == Membership.Inside || territory.Of(places.Decp(c.PlaceCode, c.PlaceType).Communes) == Membership.Inside)
            .ToList();
        return new AwardedFigures(contracts.Count,
            contracts.Count(c => c.Labels.Social == true), contracts.Count(c => c.Labels.Reserved == true), contracts.Count(c => c.Labels.Green == true),
            contracts.Count(c => c.Labels.Social is null && c.Labels.Green is null),
            contracts.Count(c => c.Titulaires.Any(t => t.Siret is { } s && ess.Contains(s))),
            contracts.Count(c => c.Titulaires.Any(t => t.Siret is { } s && localSirets.Contains(s))),
            contracts.Count == 0 ? null : (double)contracts.Sum(c => c.Amount is > 0 and < 1e10m ? c.Amount.Value : 0));
    }

    /// <summary>The CPV divisions of a structure's trades; labour supply ("~" activities, any trade) is not a trade.</summary>
    private static IEnumerable<string> Divisions(Structure s) => s.Activities.Where(a => a.Length >= 2 && !a.StartsWith(StructureCsvImporter.Workforce, StringComparison.Ordinal)).Select(a => a[..2]).Distinct();

    private static string Division(string? cpv) => cpv is { Length: >= 2 } ? cpv[..2] : "?";

    private string DivisionLabel(string division) => division == "?" ? "CPV non publié" : labels.Label("cpv", division + "000000") ?? $"Division {division}";

    public static bool IsSocial(LotEntity l) => !string.IsNullOrEmpty(l.SocialMarkers);
    public static bool IsReserved(LotEntity l) => !string.IsNullOrEmpty(l.ReservedMarkers);
    public static bool IsGreen(LotEntity l) => !string.IsNullOrEmpty(l.GreenMarkers);

    private static double? Ratio(int n, int total) => total == 0 ? null : Math.Round((double)n / total, 4);

    private static bool InPeriod(string? date, DateOnly from, DateOnly to) =>
        DateOnly.TryParse(date, CultureInfo.InvariantCulture, out var d) && d >= from && d <= to;

    private static string[] Split(string? joined) => string.IsNullOrEmpty(joined) ? [] : joined.Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

using System.Globalization;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Geography;
using ClausesSociales.Notices;
using ClausesSociales.Structures;

namespace ClausesSociales.Matching;

/// <summary>
/// Ranks the ESS structures able to answer a lot. A structure matches when its activity fits the
/// lot's CPV codes, the place of performance is in its area, its kind is eligible (reserved lots:
/// L2113-12 to ESAT/EA, L2113-13 to SIAE, L2113-15 to ESS enterprises) and the lot's size is
/// plausible for it. The score, between 0 and 1 and comparable across lots, weighs:
/// activity 0.35, proximity 0.25, eligibility 0.15, clause likelihood 0.15, size 0.10;
/// every component comes with its reason, in French for the people who read it. A structure that
/// has already won public contracts (DECP track record) closes part of the gap to 1, up to
/// <see cref="TrackRecordWeight"/>, so structures without a record keep their score.
/// </summary>
public sealed class LotMatcher(StructureIndex index, CodeLabels? labels = null, Decp.TrackRecords? trackRecords = null)
{
    public const double TrackRecordWeight = 0.2;

    public const double ActivityWeight = 0.35, ProximityWeight = 0.25, EligibilityWeight = 0.15, LikelihoodWeight = 0.15, SizeWeight = 0.10;

    private static readonly CultureInfo French = Web.LotCards.French;

    public LotMatches Match(string noticeId, Lot lot, LotScores? scores = null, int top = 10, bool bruteForce = false)
    {
        var place = LotPlace.Of(lot, index.Geography);
        var cpvs = lot.Cpvs();
        var context = new LotContext(lot, cpvs, Truncations(cpvs), place, Reservation.Of(lot.Markers), lot.Markers.Social.Count > 0 || scores?.SocialLikely == true, scores, YearlyAmount(lot));

        // Scores are numbers first; reasons are written only for the structures shown.
        var evaluated = new List<Evaluation>();
        if (place.Scope != PlaceScope.Abroad && cpvs.Count > 0)
        {
            var candidates = bruteForce ? Enumerable.Range(0, index.Structures.Count) : index.Candidates(cpvs, place);
            foreach (var i in candidates)
            {
                if (Evaluate(i, context) is { } e) evaluated.Add(e);
            }
        }
        evaluated.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(index.Structures[a.Structure].Siret, index.Structures[b.Structure].Siret));
        var potential = InclusivePotential.Of(lot, place, context.Reservation, evaluated.Select(e => (index.Structures[e.Structure].Kind, e.Components.Activity)).ToList());
        var shown = evaluated.Take(top).Select(e => new StructureMatch(index.Structures[e.Structure], e.DistanceKm is { } d ? Math.Round(d, 1) : null, e.Score, e.Components, () => Explain(e, context))).ToList();
        return new LotMatches(noticeId, lot.LotId, place.Scope, potential, shown);
    }

    /// <summary>Whether the buyer declared a reservation or a social clause for the lot.</summary>
    private static bool Declared(LotContext c) => c.Reservation.Article is not null || c.Lot.Markers.Social.Count > 0;

    private sealed record LotContext(Lot Lot, IReadOnlyList<string> Cpvs, int[][] CpvPrefixes, LotPlace Place, Reservation Reservation, bool Social, LotScores? Scores, double? YearlyAmount);

    private readonly record struct ActivityFit(double Fit, string? Cpv, string? Prefix, bool Workforce);

    private readonly record struct Evaluation(int Structure, double Score, MatchComponents Components, double? DistanceKm, ActivityFit Activity, Department? Nearest, bool SameDepartment);

    private Evaluation? Evaluate(int i, LotContext c)
    {
        var s = index.Structures[i];
        // Eligibility first: it excludes, the rest only ranks.
        if (!c.Reservation.Allows(s.Kind)) return null;
        var (proximity, distance, nearest, sameDepartment) = Proximity(s, c.Place);
        if (proximity <= 0) return null;
        var activity = Activity(index.Activities[i], c.Cpvs, c.CpvPrefixes);
        if (activity.Fit <= 0) return null;
        var eligibility = c.Reservation.Article is not null ? 1 : c.Social ? (s.Kind.IsInsertion() ? 1 : 0.6) : 0.7;
        // What the buyer declared is certain; else the classifier's probability; else unknown (0.5).
        var likelihood = Declared(c) ? 1
            : c.Scores is { } scores ? (s.Kind.IsSheltered() ? scores.Reserved : Math.Max(scores.Social, scores.Reserved))
            : 0.5;
        var size = c.YearlyAmount is not { } yearly ? 0.7 : yearly <= index.Capacities[i] ? 1 : Math.Max(0.1, index.Capacities[i] / yearly);
        var score = ActivityWeight * activity.Fit + ProximityWeight * proximity + EligibilityWeight * eligibility + LikelihoodWeight * likelihood + SizeWeight * size;
        if (trackRecords?.For(s.Siret) is { } record) score += (1 - score) * TrackRecordWeight * record.Strength;
        return new Evaluation(i, Math.Round(score, 3), new MatchComponents(activity.Fit, proximity, eligibility, likelihood, size), distance, activity, nearest, sameDepartment);
    }

    private IReadOnlyList<string> Explain(Evaluation e, LotContext c)
    {
        var s = index.Structures[e.Structure];
        var reasons = new List<string>(5);

        var a = e.Activity;
        var label = labels?.Label("cpv", a.Cpv) is { } l ? $" {l}" : "";
        // Where the activity comes from: the structure's NAF code, or what it (or its subscription) declared.
        var source = s.Naf is not null && Structures.ActivityMap.Default.For(s.Naf).Cpv.Contains(a.Prefix!) ? $"code NAF {s.Naf}"
            : a.Workforce ? $"activités types d'une structure {s.Kind}" : "activité déclarée par la structure";
        reasons.Add(a.Workforce
            ? $"Activité : mise à disposition de personnel pour CPV {a.Cpv}{label} ({source})"
            : $"Activité compatible : CPV {a.Cpv}{label} ({source})");

        reasons.Add(c.Place.Scope switch
        {
            PlaceScope.National => $"Lot national : {s.City ?? s.Department} ({s.Department})",
            PlaceScope.Unknown => "Lieu d'exécution non précisé par l'acheteur",
            _ => ProximityReason(s, e),
        });

        if (c.Reservation.Description is { } reservation) reasons.Add($"Lot réservé {reservation} : {KindLabel(s.Kind)} éligible");
        else if (c.Social) reasons.Add(s.Kind.IsInsertion()
            ? $"Clause d'insertion : {KindLabel(s.Kind)}, structure d'insertion, en première ligne"
            : $"Clause d'insertion : {KindLabel(s.Kind)} peut y contribuer");
        else reasons.Add("Lot ouvert à toutes les entreprises");

        if (Declared(c)) reasons.Add("Clause sociale ou réservation déclarée par l'acheteur");
        else if (c.Scores is not null) reasons.Add($"Probabilité d'une clause sociale ou d'une réservation pour ce type de lot : {Web.LotCards.Percent(e.Components.Likelihood)}");

        reasons.Add(SizeReason(s, c.Lot));
        if (trackRecords?.For(s.Siret) is { } record) reasons.Add(record.Reason());
        return reasons;
    }

    private static string ProximityReason(Structure s, Evaluation e)
    {
        var where = e.Nearest!.InFrench();
        var distance = e.DistanceKm ?? 0;
        if (s.Area.National) return $"Intervient dans toute la France ; siège à {distance:F0} km de {where}";
        if (s.Area.Departments.Count > 0 || s.Area.Regions.Count > 0) return $"{where} dans la zone d'intervention ({s.Area.InFrench()})";
        if (e.SameDepartment) return $"Même département : {where}, à {distance:F0} km du centre";
        return $"À {distance:F0} km de {where} (rayon d'intervention {s.Area.RadiusKm ?? s.Kind.DefaultRadiusKm():F0} km)";
    }

    /// <summary>The best fit of a structure's activities with the lot's CPV codes: the longer the common prefix, the better.</summary>
    private static ActivityFit Activity(StructureIndex.Activity[] activities, IReadOnlyList<string> cpvs, int[][] prefixes)
    {
        var best = default(ActivityFit);
        foreach (var activity in activities)
        {
            for (var k = 0; k < prefixes.Length; k++)
            {
                if (activity.Length > 8 || prefixes[k][activity.Length] != activity.Value) continue;
                var fit = activity.Length >= 4 ? 1.0 : activity.Length == 3 ? 0.8 : 0.6;
                if (activity.Workforce) fit *= 0.6;
                if (k > 0) fit *= 0.9;
                if (fit > best.Fit) best = new ActivityFit(fit, cpvs[k], activity.Prefix, activity.Workforce);
            }
        }
        return best;
    }

    /// <summary>For each CPV code, its leading digits as numbers: [n] holds the first n digits.</summary>
    private static int[][] Truncations(IReadOnlyList<string> cpvs)
    {
        var result = new int[cpvs.Count][];
        for (var k = 0; k < cpvs.Count; k++)
        {
            var t = new int[9];
            var value = 0;
            for (var n = 1; n <= 8 && n <= cpvs[k].Length; n++)
            {
                value = value * 10 + (cpvs[k][n - 1] - '0');
                t[n] = value;
            }
            result[k] = t;
        }
        return result;
    }

    /// <summary>How far a structure is from a lot's department, as proximity measures it: to the department's centre.</summary>
    internal static double DistanceKm(Structure s, Department d) => GeoMath.ShortDistanceKm(s.Latitude, s.Longitude, d.Latitude, d.Longitude);

    private static (double Fit, double? DistanceKm, Department? Nearest, bool SameDepartment) Proximity(Structure s, LotPlace place)
    {
        switch (place.Scope)
        {
            case PlaceScope.National:
                return (0.6, null, null, false);
            case PlaceScope.Unknown:
                return (0.5, null, null, false);
        }
        Department? nearest = null;
        var distance = double.MaxValue;
        var sameDepartment = false;
        foreach (var d in place.Departments)
        {
            var km = DistanceKm(s, d);
            if (km < distance) (distance, nearest) = (km, d);
            sameDepartment |= d.Code == s.Department;
        }
        var area = s.Area;
        if (area.National) return (sameDepartment ? 1 : 0.7, distance, nearest, sameDepartment);
        if (area.Departments.Count > 0 || area.Regions.Count > 0)
        {
            var covered = place.Departments.Any(d => area.Departments.Contains(d.Code) || area.Regions.Contains(d.RegionCode));
            return (covered ? (sameDepartment ? 1 : 0.8) : 0, distance, nearest, sameDepartment);
        }
        var radius = area.RadiusKm ?? s.Kind.DefaultRadiusKm();
        if (sameDepartment) return (Math.Max(0.85, 1 - 0.5 * distance / radius), distance, nearest, true);
        return (distance > radius ? 0 : 1 - 0.5 * distance / radius, distance, nearest, false);
    }

    private static string SizeReason(Structure s, Lot lot)
    {
        if (YearlyAmount(lot) is not { } yearly) return "Montant non publié";
        var amount = ((decimal)Math.Round(yearly)).ToString("N0", French);
        // Over more than a year, the sum the buyer published and its duration: the reader can check the division.
        var basis = lot.DurationMonths is > 12 and var months && lot.EstimatedValue is { } total
            ? $" ({Math.Round(total).ToString("N0", French)}\u00A0€ sur {months.ToString("0.#", French)}\u00A0mois)"
            : "";
        // Without a published duration, the amount is compared as if spent within a year, and said as the buyer gave it.
        var size = lot.DurationMonths is null ? $"Lot de {amount}\u00A0€, durée non publiée" : $"Lot d'environ {amount}\u00A0€ par an{basis}";
        return yearly <= (double)s.YearlyCapacity
            ? $"{size} : à la mesure de la structure"
            : $"{size} : élevé pour la structure, cotraitance ou allotissement utiles";
    }

    private static double? YearlyAmount(Lot lot)
    {
        if (lot.EstimatedValue is not { } value || value <= 0) return null;
        return (double)value / Math.Max(1, (double)(lot.DurationMonths ?? 12m) / 12);
    }

    private static string KindLabel(StructureKind kind) => kind == StructureKind.Association ? "association" : kind.ToString();
}

/// <summary>
/// What a lot's reservation allows, from its declared markers, and whom it is reserved to, as a
/// buyer reads it ("aux ESAT et entreprises adaptées (article L2113-12)").
/// </summary>
public sealed record Reservation(string? Article, string? Beneficiaries, Func<StructureKind, bool> Allows)
{
    public static Reservation Of(Markers markers) => Of(markers.Reserved);

    public static Reservation Of(IReadOnlyCollection<string> reserved)
    {
        // Sheltered workshops (res-ws, sheltered employment programmes) come first: they exclude SIAE.
        if (reserved.Contains(MarkerCodes.ShelteredWorkshops) || reserved.Contains(MarkerCodes.ReservedExecution))
        {
            return new Reservation("L2113-12", "aux ESAT et entreprises adaptées", k => k.IsSheltered());
        }
        if (reserved.Contains(MarkerCodes.ReservedInsertion)) return new Reservation("L2113-13", "aux SIAE", k => k.IsSiae());
        if (reserved.Contains(MarkerCodes.PublicServiceMission)) return new Reservation("L2113-15", "aux entreprises de l'économie sociale et solidaire", _ => true);
        return new Reservation(null, null, _ => true);
    }

    /// <summary>"aux SIAE (article L2113-13)", or null for a lot not reserved.</summary>
    public string? Description => Article is null ? null : $"{Beneficiaries} (article {Article})";
}

public sealed record MatchComponents(double Activity, double Proximity, double Eligibility, double Likelihood, double Size);

/// <summary>One structure matched with a lot. Its reasons are written when first read: ranking needs only the numbers.</summary>
public sealed class StructureMatch(Structure structure, double? distanceKm, double score, MatchComponents components, Func<IReadOnlyList<string>> explain)
{
    private IReadOnlyList<string>? _reasons;

    public Structure Structure { get; } = structure;
    public double? DistanceKm { get; } = distanceKm;
    public double Score { get; } = score;
    public MatchComponents Components { get; } = components;

    /// <summary>Why the structure matches, one sentence per score component, in French.</summary>
    public IReadOnlyList<string> Reasons => _reasons ??= explain();
}

public sealed record LotMatches(string NoticeId, string LotId, PlaceScope Place, InclusivePotential Potential, IReadOnlyList<StructureMatch> Matches);

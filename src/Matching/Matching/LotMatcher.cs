using System.Globalization;
using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Notices;
using ClausesSociales.Structures;

namespace ClausesSociales.Matching;

/// <summary>
/// Ranks the ESS structures able to answer a lot. A structure matches when its activity fits the
/// lot's CPV codes, the place of performance is in its area, its kind is eligible (reserved lots:
/// L2113-12 to ESAT/EA, L2113-13 to SIAE, L2113-15 to ESS enterprises) and the lot's size is
/// plausible for it. The score, between 0 and 1 and comparable across lots, weighs:
/// activity 0.35, proximity 0.25, eligibility 0.15, clause likelihood 0.15, size 0.10;
/// every component comes with its reason, in French for the people who read it.
/// </summary>
public sealed class LotMatcher(StructureIndex index, CodeLabels? labels = null)
{
    public const double ActivityWeight = 0.35, ProximityWeight = 0.25, EligibilityWeight = 0.15, LikelihoodWeight = 0.15, SizeWeight = 0.10;

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public LotMatches Match(string noticeId, Lot lot, LotScores? scores = null, int top = 10, bool bruteForce = false)
    {
        var place = LotPlace.Of(lot, index.Geography);
        var cpvs = lot.MainCpv is null ? lot.AdditionalCpv : [lot.MainCpv, .. lot.AdditionalCpv];
        var reservation = Reservation.Of(lot.Markers);
        var social = lot.Markers.Social.Count > 0 || scores?.Social >= 0.5;

        var matches = new List<StructureMatch>();
        if (place.Scope != PlaceScope.Abroad && cpvs.Count > 0)
        {
            var candidates = bruteForce ? Enumerable.Range(0, index.Structures.Count) : index.Candidates(cpvs, place);
            foreach (var i in candidates)
            {
                if (Score(index.Structures[i], lot, cpvs, place, reservation, social, scores) is { } match) matches.Add(match);
            }
        }
        matches.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Structure.Siret, b.Structure.Siret));
        return new LotMatches(noticeId, lot.LotId, place.Scope, InclusivePotential.Of(lot, place, reservation, matches), matches.Take(top).ToList());
    }

    private StructureMatch? Score(Structure s, Lot lot, IReadOnlyList<string> cpvs, LotPlace place, Reservation reservation, bool social, LotScores? scores)
    {
        // Eligibility first: it excludes, the rest only ranks.
        if (!reservation.Allows(s.Kind)) return null;
        var (activity, activityReason) = Activity(s, lot, cpvs);
        if (activity <= 0) return null;
        var (proximity, distance, proximityReason) = Proximity(s, place);
        if (proximity <= 0) return null;

        var reasons = new List<string> { activityReason, proximityReason };
        double eligibility;
        if (reservation.Article is { } article)
        {
            eligibility = 1;
            reasons.Add($"Lot réservé ({article}) : {KindLabel(s.Kind)} éligible");
        }
        else if (social)
        {
            eligibility = s.Kind.IsInsertion() ? 1 : 0.6;
            reasons.Add(s.Kind.IsInsertion()
                ? $"Clause d'insertion : {KindLabel(s.Kind)}, structure d'insertion, en première ligne"
                : $"Clause d'insertion : {KindLabel(s.Kind)} peut y contribuer");
        }
        else
        {
            eligibility = 0.7;
            reasons.Add("Lot ouvert à toutes les entreprises");
        }

        double likelihood;
        if (scores is not null)
        {
            likelihood = s.Kind.IsSheltered() ? scores.Reserved : Math.Max(scores.Social, scores.Reserved);
            reasons.Add($"Probabilité d'une clause sociale ou d'une réservation pour ce type de lot : {likelihood.ToString("P0", French)}");
        }
        else
        {
            likelihood = reservation.Article is not null || social ? 1 : 0.5;
            if (likelihood == 1) reasons.Add("Clause sociale ou réservation déclarée par l'acheteur");
        }

        var (size, sizeReason) = Size(s, lot);
        reasons.Add(sizeReason);

        var score = ActivityWeight * activity + ProximityWeight * proximity + EligibilityWeight * eligibility + LikelihoodWeight * likelihood + SizeWeight * size;
        return new StructureMatch(s, distance is null ? null : Math.Round(distance.Value, 1), Math.Round(score, 3),
            new MatchComponents(activity, proximity, eligibility, likelihood, size), reasons);
    }

    private (double Fit, string Reason) Activity(Structure s, Lot lot, IReadOnlyList<string> cpvs)
    {
        double best = 0;
        string? bestCpv = null, bestPrefix = null;
        var workforce = false;
        foreach (var activity in s.Activities)
        {
            var isWorkforce = activity.StartsWith(StructureCsvImporter.Workforce, StringComparison.Ordinal);
            var prefix = isWorkforce ? activity[1..] : activity;
            for (var k = 0; k < cpvs.Count; k++)
            {
                if (!cpvs[k].StartsWith(prefix, StringComparison.Ordinal)) continue;
                var fit = prefix.Length >= 4 ? 1.0 : prefix.Length == 3 ? 0.8 : 0.6;
                if (isWorkforce) fit *= 0.6;
                if (k > 0) fit *= 0.9;
                if (fit > best) (best, bestCpv, bestPrefix, workforce) = (fit, cpvs[k], prefix, isWorkforce);
            }
        }
        if (best == 0) return (0, "");
        var label = labels?.Label("cpv", bestCpv) is { } l ? $" {l}" : "";
        var source = s.Naf is null ? "activité déclarée" : $"code NAF {s.Naf}";
        return (best, workforce
            ? $"Activité : mise à disposition de personnel pour CPV {bestCpv}{label} ({source})"
            : $"Activité compatible : CPV {bestCpv}{label} ({source}, préfixe {bestPrefix})");
    }

    private (double Fit, double? DistanceKm, string Reason) Proximity(Structure s, LotPlace place)
    {
        switch (place.Scope)
        {
            case PlaceScope.National:
                return (0.6, null, $"Lot national : {s.City ?? s.Department} ({s.Department})");
            case PlaceScope.Unknown:
                return (0.5, null, "Lieu d'exécution non précisé par l'acheteur");
        }
        var nearest = place.Departments.MinBy(d => GeoMath.DistanceKm(s.Latitude, s.Longitude, d.Latitude, d.Longitude))!;
        var distance = GeoMath.DistanceKm(s.Latitude, s.Longitude, nearest.Latitude, nearest.Longitude);
        var sameDepartment = place.Departments.Any(d => d.Code == s.Department);
        var where = $"{nearest.Name} ({nearest.Code})";
        var area = s.Area;
        if (area.National) return (sameDepartment ? 1 : 0.7, distance, $"Intervient dans toute la France ; siège à {distance:F0} km de {where}");
        if (area.Departments.Count > 0 || area.Regions.Count > 0)
        {
            var covered = place.Departments.Any(d => area.Departments.Contains(d.Code) || area.Regions.Contains(d.RegionCode));
            return covered ? (sameDepartment ? 1 : 0.8, distance, $"{where} dans la zone d'intervention ({area})") : (0, distance, "");
        }
        var radius = area.RadiusKm ?? s.Kind.DefaultRadiusKm();
        if (sameDepartment) return (Math.Max(0.85, 1 - 0.5 * distance / radius), distance, $"Même département : {where}, à {distance:F0} km du centre");
        if (distance > radius) return (0, distance, "");
        return (1 - 0.5 * distance / radius, distance, $"À {distance:F0} km de {where} (rayon d'intervention {radius:F0} km)");
    }

    private static (double Fit, string Reason) Size(Structure s, Lot lot)
    {
        if (lot.EstimatedValue is not { } value || value <= 0) return (0.7, "Montant non publié");
        var years = Math.Max(1m, (lot.DurationMonths ?? 12m) / 12m);
        var yearly = value / years;
        var capacity = s.YearlyCapacity;
        var text = yearly.ToString("N0", French);
        if (yearly <= capacity) return (1, $"Montant annuel estimé {text} € à la mesure de la structure");
        var ratio = (double)(capacity / yearly);
        return (Math.Max(0.1, ratio), $"Montant annuel estimé {text} € élevé pour la structure : cotraitance ou allotissement utiles");
    }

    private static string KindLabel(StructureKind kind) => kind == StructureKind.Association ? "association" : kind.ToString();
}

/// <summary>What a lot's reservation allows, from its declared markers.</summary>
public sealed record Reservation(string? Article, Func<StructureKind, bool> Allows)
{
    public static Reservation Of(Markers markers)
    {
        var reserved = markers.Reserved;
        // Sheltered workshops (res-ws, sheltered employment programmes) come first: they exclude SIAE.
        if (reserved.Contains(MarkerCodes.ShelteredWorkshops) || reserved.Contains(MarkerCodes.ReservedExecution))
        {
            return new Reservation("L2113-12", k => k.IsSheltered());
        }
        if (reserved.Contains(MarkerCodes.ReservedInsertion)) return new Reservation("L2113-13", k => k.IsSiae());
        if (reserved.Contains(MarkerCodes.PublicServiceMission)) return new Reservation("L2113-15", _ => true);
        return new Reservation(null, _ => true);
    }
}

public sealed record MatchComponents(double Activity, double Proximity, double Eligibility, double Likelihood, double Size);

public sealed record StructureMatch(Structure Structure, double? DistanceKm, double Score, MatchComponents Components, IReadOnlyList<string> Reasons);

public sealed record LotMatches(string NoticeId, string LotId, PlaceScope Place, InclusivePotential Potential, IReadOnlyList<StructureMatch> Matches);

using ClausesSociales.Notices;
using ClausesSociales.Structures;

namespace ClausesSociales.Matching;

/// <summary>
/// How inclusive a lot could be, and what to recommend to its buyer. Thresholds:
/// <list type="bullet">
/// <item>reserve to ESAT/EA (L2113-12) when at least <see cref="ShelteredForReservation"/> ESAT or EA
/// whose trade fits (activity ≥ <see cref="StrongFit"/>) work in the lot's area;</item>
/// <item>reserve to SIAE (L2113-13) when at least <see cref="SiaeForReservation"/> SIAE whose trade fits work there:
/// a reservation must leave real competition;</item>
/// <item>add a clause d'insertion (L2112-2) when at least <see cref="InsertionForClause"/> insertion
/// structure (SIAE or GEIQ, trade or labour supply) works there and the lot is works or services;</item>
/// <item>otherwise nothing.</item>
/// </list>
/// </summary>
public sealed record InclusivePotential(int Nearby, int InsertionNearby, int ShelteredNearby, string Recommendation, string Explanation)
{
    public const int ShelteredForReservation = 2;
    public const int SiaeForReservation = 3;
    public const int InsertionForClause = 1;
    public const double StrongFit = 0.8;

    public const string ReserveSheltered = "reserver-esat-ea";
    public const string ReserveSiae = "reserver-siae";
    public const string InsertionClause = "clause-insertion";
    public const string AlreadyReserved = "deja-reserve";
    public const string None = "aucune";

    /// <summary>
    /// Whether a structure of this kind could answer once the buyer follows the recommendation: a
    /// reservation admits ESAT and EA (L2113-12) or SIAE (L2113-13); a clause d'insertion calls for
    /// insertion structures first. The structures shown with a recommendation list these first, so
    /// that "réserver le lot aux SIAE" is not followed by an ESAT.
    /// </summary>
    public static bool Suits(string? recommendation, string? kind) =>
        !StructureKinds.TryParse(kind, out var k) || recommendation switch
        {
            ReserveSheltered => k.IsSheltered(),
            ReserveSiae => k.IsSiae(),
            InsertionClause => k.IsInsertion(),
            _ => true,
        };

    /// <summary>
    /// What a structure shown under a recommended reservation it could not answer reads with (an EI
    /// under "réserver le lot aux ESAT et entreprises adaptées"): shown after those the reservation
    /// admits, it would otherwise read as eligible. Null when it suits, or nothing is reserved.
    /// </summary>
    public static string? Caveat(string? recommendation, string? kind) =>
        recommendation is ReserveSheltered or ReserveSiae && !Suits(recommendation, kind)
            ? $"non éligible si le lot est réservé {(recommendation == ReserveSheltered ? "aux ESAT et EA" : "aux SIAE")}"
            : null;

    /// <summary>The structures to show with a lot: those that suit its recommendation (<see cref="Suits"/>) first, each group in match order.</summary>
    public static List<T> Shown<T>(IEnumerable<T> matches, int count, Func<T, int> rank, Func<T, string?> potential, Func<T, string?> kind)
    {
        var ranked = matches.OrderBy(rank).ToList();
        var recommendation = ranked.Count > 0 ? potential(ranked[0]) : null;
        return ranked.OrderBy(m => Suits(recommendation, kind(m)) ? 0 : 1).Take(count).ToList();
    }

    /// <summary>
    /// What the board, the lot page and the digests recommend to a lot's buyer, in one wording
    /// ("Offre locale : le lot peut être réservé aux SIAE (article L2113-13)"), said as what the local supply
    /// allows, not as a probability (a lot the model rates 31 % may still have two ESAT of its trade nearby); null when there is nothing to
    /// recommend, or the lot is already reserved (its tag says to whom: <see cref="Web.LotCards.Likelihood"/>).
    /// </summary>
    public static string? Advice(string? potential) => potential switch
    {
        ReserveSheltered => "Offre locale : le lot peut être réservé aux ESAT et entreprises adaptées (article L2113-12)",
        ReserveSiae => "Offre locale : le lot peut être réservé aux SIAE (article L2113-13)",
        InsertionClause => "Offre locale : le lot peut porter une clause d'insertion (article L2112-2)",
        _ => null,
    };

    /// <param name="matches">Every structure that matched the lot: its kind and activity fit.</param>
    public static InclusivePotential Of(Lot lot, LotPlace place, Reservation reservation, IReadOnlyList<(StructureKind Kind, double Activity)> matches)
    {
        var local = place.Scope == PlaceScope.Local ? matches : [];
        var insertion = local.Count(m => m.Kind.IsInsertion());
        var sheltered = local.Count(m => m.Kind.IsSheltered());
        var strongSheltered = local.Count(m => m.Kind.IsSheltered() && m.Activity >= StrongFit);
        var strongSiae = local.Count(m => m.Kind.IsSiae() && m.Activity >= StrongFit);

        if (reservation.Description is { } reserved)
        {
            return new(local.Count, insertion, sheltered, AlreadyReserved, $"Lot déjà réservé {reserved} : {Web.Plurals.Count(local.Count, "structure éligible", "structures éligibles")} à proximité");
        }
        if (place.Scope != PlaceScope.Local)
        {
            return new(0, 0, 0, None, place.Scope == PlaceScope.National
                ? "Lot national : pas de recommandation locale"
                : "Lieu d'exécution inconnu ou hors de France : pas de recommandation");
        }
        if (strongSheltered >= ShelteredForReservation)
        {
            return new(local.Count, insertion, sheltered, ReserveSheltered, $"{strongSheltered} ESAT/EA du métier à proximité : le lot peut être réservé (article L2113-12)");
        }
        if (strongSiae >= SiaeForReservation)
        {
            return new(local.Count, insertion, sheltered, ReserveSiae, $"{strongSiae} SIAE du métier à proximité : le lot peut être réservé (article L2113-13)");
        }
        if (insertion >= InsertionForClause && lot.Nature is not ContractNature.Supplies)
        {
            return new(local.Count, insertion, sheltered, InsertionClause, $"{Web.Plurals.Count(insertion, "structure", "structures")} d'insertion à proximité : une clause d'insertion est possible (article L2112-2)");
        }
        return new(local.Count, insertion, sheltered, None, local.Count == 0
            ? "Aucune structure de l'ESS du métier à proximité"
            : $"{Web.Plurals.Count(local.Count, "structure", "structures")} de l'ESS à proximité, sans structure d'insertion du métier");
    }
}

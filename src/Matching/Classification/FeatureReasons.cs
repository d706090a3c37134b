using ClausesSociales.CodeLists;

namespace ClausesSociales.Classification;

/// <summary>Turns a feature slot's name into a reason a buyer can read ("CPV 9091 : services de nettoyage", "mot : espaces verts").</summary>
public static class FeatureReasons
{
    /// <summary>Whether a slot tells the lot's context (regime, buyer kind and activity, nature, amount, duration) rather than what the lot is (CPV, words, public knowledge).</summary>
    public static bool IsContext(string slot) => slot.StartsWith("regime:", StringComparison.Ordinal) || slot.StartsWith("acheteur:", StringComparison.Ordinal)
        || slot.StartsWith("activite:", StringComparison.Ordinal)
        || slot.StartsWith("nature:", StringComparison.Ordinal) || slot.StartsWith("valeur:", StringComparison.Ordinal) || slot.StartsWith("duree:", StringComparison.Ordinal);

    public static string? Describe(string slot, IReadOnlyDictionary<string, string>? cpvLabels, CodeLabels? labels)
    {
        var colon = slot.IndexOf(':');
        if (colon <= 0) return null;
        var kind = slot[..colon];
        var value = slot[(colon + 1)..];
        switch (kind)
        {
            case "m":
                return value.Length < 4 ? null : $"mot : {value}";
            case "b":
                return $"mots : {value}";
            case "cpv":
                if (value.Length < 3) return null;
                var full = value.PadRight(8, '0');
                var label = cpvLabels?.GetValueOrDefault(full) ?? labels?.Label("cpv", full);
                return label is null ? $"CPV {value}" : $"CPV {value} : {label}";
            case "lcpv":
                return null;
            case "gpp":
                return Knowledge(PublicKnowledge.GreenProductGroups, value) is { } g ? $"groupe de produits des critères de l'UE pour les marchés publics écologiques : {g}" : null;
            case "metier":
                return Knowledge(PublicKnowledge.InsertionTrades, value) is { } t ? $"métier cité par les guides des clauses d'insertion : {t}" : null;
            case "social":
                return Knowledge(PublicKnowledge.SocialServices, value) is { } v ? $"service de l'article 77 de la directive 2014/24/UE : {v}" : null;
            case "reserve":
                return Knowledge(PublicKnowledge.ReservedFamilies, value) is { } r ? $"famille de marchés souvent réservés aux ESAT, EA et SIAE : {r}" : null;
            case "mention":
                return "le texte du lot parle d'un marché réservé (ESAT, entreprises adaptées, SIAE, ateliers protégés…)";
            case "nature":
                return value switch { "works" => "nature : travaux", "supplies" => "nature : fournitures", "services" => "nature : services", _ => null };
            case "acheteur":
                return value switch
                {
                    "central" => "acheteur : administration centrale de l'État",
                    "local" => "acheteur : collectivité territoriale ou organisme local",
                    "organisme" => "acheteur : organisme de droit public",
                    "entreprise" => "acheteur : entreprise publique ou entité de réseau (eau, énergie, transports)",
                    "europe" => "acheteur : institution européenne ou internationale",
                    "defense" => "acheteur : entité de la défense",
                    _ => null,
                };
            case "activite":
                // The feature keeps the code's letters only ("hcam" for "hc-am").
                return labels?.Codes("main-activity").FirstOrDefault(c => c.Code.Replace("-", "", StringComparison.Ordinal) == value).Label is { } activity
                    ? $"activité principale de l'acheteur : {activity}" : null;
            case "regime":
                return value switch
                {
                    "classique" => "régime : marché public (directive 2014/24/UE)",
                    "reseaux" => "régime : entité adjudicatrice des secteurs de l'eau, de l'énergie, des transports ou des services postaux",
                    "concession" => "régime : concession",
                    "defense" => "régime : défense ou sécurité",
                    "social" => "régime : services sociaux et autres services spécifiques",
                    "concours" => "régime : concours",
                    "qualification" => "régime : système de qualification",
                    "profil" => "régime : avis sur un profil d'acheteur",
                    _ => null,
                };
            case "valeur":
                return value switch
                {
                    "3" => "montant inférieur à 10 000 €",
                    "4" => "montant de 10 000 à 100 000 €",
                    "5" => "montant de 100 000 € à 1 million d'euros",
                    "6" => "montant de 1 à 10 millions d'euros",
                    "7" => "montant de 10 à 100 millions d'euros",
                    "8" => "montant de 100 millions d'euros ou plus",
                    _ => null,
                };
            case "duree":
                return value == "inconnue" ? null : value == "plus" ? "durée de plus de 4 ans" : $"durée jusqu'à {value} mois";
            default:
                return null;
        }
    }

    private static string? Knowledge(PublicKnowledge.Entry[] table, string key) => table.FirstOrDefault(e => e.Key == key)?.Label;
}

namespace ClausesSociales.Web;

/// <summary>The French pages of refused requests: a form without its anti-forgery token, a signed link forged, expired or already used.</summary>
public static class Refusals
{
    public static WebPage AntiForgery() => new(400, Html.Page("Formulaire refusé",
        "<p class=\"empty\" role=\"alert\">Ce formulaire a expiré ou ne vient pas de ce site : rien n'a été modifié. Rechargez la page et recommencez.</p>"));

    /// <summary>
    /// The page of a status the routes answer without one: an address that serves nothing (404), a
    /// form's address opened as a link (405), a request the server cannot read (400), a body too
    /// large (413), an error of ours (500).
    /// </summary>
    public static WebPage Status(int status) => new(status, status switch
    {
        404 => Html.Page("Page introuvable", "<p class=\"empty\" role=\"alert\">Cette page n'existe pas ou plus.</p>" + WayBack),
        405 => Html.Page("Demande non prévue", "<p class=\"empty\" role=\"alert\">Cette adresse ne reçoit pas ce type de demande : une page se consulte en ouvrant son lien, un formulaire s'envoie par son bouton. Rien n'a été modifié.</p>" + WayBack),
        413 => Html.Page("Envoi trop volumineux", "<p class=\"empty\" role=\"alert\">L'envoi dépasse la taille acceptée : rien n'a été modifié.</p>" + WayBack),
        >= 500 => Html.Page("Erreur du service", "<p class=\"empty\" role=\"alert\">Le service n'a pas pu répondre à cette demande. Réessayez dans un instant ; si l'erreur persiste, signalez-la à l'équipe.</p>" + WayBack),
        _ => Html.Page("Demande invalide", "<p class=\"empty\" role=\"alert\">Cette demande n'a pas pu être lue : l'adresse est peut-être incomplète ou mal copiée.</p>" + WayBack),
    });

    private const string WayBack = "<p><a href=\"/\">Voir les lots ouverts</a> · <a href=\"/structures\">Rechercher une structure</a></p>";

    /// <summary>Whose link a refusal answers: what to do next depends on the page it was meant to open.</summary>
    public enum LinkPage { Confirmation, Management, BuyerManagement, Digest }

    /// <summary>A signed link that is forged, used or expired, with the way back that page's reader has.</summary>
    public static WebPage Link(Digests.LinkCheck check, LinkPage page)
    {
        var expired = check == Digests.LinkCheck.Expired;
        var (title, status) = expired ? ("Lien expiré", 410) : ("Lien non valide", 403);
        var said = expired ? "Ce lien a expiré." : "Ce lien n'est pas valide, ou il a déjà servi.";
        var next = page switch
        {
            LinkPage.Confirmation => expired
                ? $"<p>Un lien de confirmation vaut {Digests.SubscriptionLinks.ConfirmValidity.TotalDays:0} jours. Refaites la demande depuis la <a href=\"/structures\">recherche de structures</a> : un nouveau lien vous est envoyé.</p>"
                : "<p>Un lien de confirmation ne sert qu'une fois : si vous avez déjà confirmé, votre abonnement est actif, et chaque alerte porte un lien pour le modifier ou le supprimer. " +
                  "Sinon, refaites la demande depuis la <a href=\"/structures\">recherche de structures</a>.</p>",
            LinkPage.BuyerManagement =>
                "<p>Chaque synthèse hebdomadaire porte un lien « Gérer mon abonnement » à jour : utilisez celui de la dernière reçue. " +
                "Si vous ne recevez plus la synthèse, votre abonnement a été supprimé : l'équipe ClausesSociales qui vous l'a ouvert peut le rétablir. " +
                "Les lots ouverts de toutes les consultations restent sur la <a href=\"/\">liste des lots</a>.</p>",
            LinkPage.Management =>
                "<p>Chaque alerte porte un lien « Gérer mon abonnement » à jour : utilisez celui de votre dernière alerte. " +
                "Vous pouvez aussi refaire la demande depuis la <a href=\"/structures\">recherche de structures</a> : si l'adresse est abonnée, elle reçoit un nouveau lien de gestion ; sinon, un lien pour confirmer un nouvel abonnement.</p>",
            _ =>
                $"<p>La version web d'une synthèse hebdomadaire reste ouverte {Digests.SubscriptionLinks.DigestValidity.TotalDays:0} jours. La synthèse elle-même reste dans votre e-mail, et chaque nouvelle synthèse porte son propre lien. " +
                "Les lots ouverts de toutes les consultations sont sur la <a href=\"/\">liste des lots</a>.</p>",
        };
        return new(status, Html.Page(title, $"<p class=\"empty\" role=\"alert\">{said}</p>{next}"));
    }
}

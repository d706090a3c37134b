namespace ClausesSociales.Web;

/// <summary>The French pages of refused requests: a form without its anti-forgery token, a signed link forged, expired or already used.</summary>
public static class Refusals
{
    public static WebPage AntiForgery() => new(400, Html.Page("Formulaire refusé",
        "<p class=\"empty\" role=\"alert\">Ce formulaire a expiré ou ne vient pas de ce site : rien n'a été modifié. Rechargez la page et recommencez.</p>"));

    public static WebPage Link(Digests.LinkCheck check) => check == Digests.LinkCheck.Expired
        ? new(410, Html.Page("Lien expiré", "<p class=\"empty\" role=\"alert\">Ce lien a expiré. Vous pouvez refaire la demande depuis la <a href=\"/structures\">recherche de structures</a>.</p>"))
        : new(403, Html.Page("Lien non valide", "<p class=\"empty\" role=\"alert\">Ce lien n'est pas valide, ou il a déjà servi.</p>"));
}

using Azure;
using Azure.Data.Tables;
using ClausesSociales.Digests;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/structures/{siret}/confirmation</c>, the link of the confirmation e-mail: opening it only
/// shows a button (mail scanners open links too); the button's POST, with the anti-forgery token,
/// activates the subscription and changes its nonce, so the same link is refused afterwards.
/// The link signs the SIRET, the address and the nonce, and expires after three days.
/// </summary>
public sealed class ConfirmSubscriptionPage(ClausesStorage storage, AntiForgery antiForgery, SubscriptionLinks links, TimeProvider clock)
{
    private const string Title = "Confirmer l'abonnement";

    public async Task<WebPage> HandleAsync(string siret, WebRequest request, CancellationToken cancellationToken)
    {
        var subscription = await ManageSubscriptionPage.FindAsync(storage, SubscriberKind.Structure, siret, cancellationToken);
        var now = clock.GetUtcNow();
        var check = subscription is { AwaitingConfirmation: true }
            ? links.Verify(SubscriptionLinks.ConfirmPurpose, SubscriptionLinks.ConfirmValues(subscription), request.QueryValue("exp"), request.QueryValue("token"), now)
            : LinkCheck.Forged;
        if (check != LinkCheck.Valid) return Refusals.Link(check, Refusals.LinkPage.Confirmation);
        if (!request.IsPost)
        {
            return new WebPage(200, Html.Page(Title,
                $"<p>Abonnement de <strong>{Html.E(subscription!.Email)}</strong> aux alertes de marchés publics pour {Html.StructureLink(subscription.RowKey, subscription.Name)} : " +
                $"{Html.E(Schedule(subscription.Frequency))}.</p>" +
                $"<form class=\"panel\" method=\"post\" action=\"{Html.E(SubscriptionForm.SignedAction(SubscriptionLinks.ConfirmPath(subscription.RowKey), request))}\">" +
                antiForgery.Field(request.Cookie) + "<button type=\"submit\">Confirmer l'abonnement</button></form>"));
        }
        if (!request.IsGenuine(antiForgery)) return Refusals.AntiForgery();

        subscription!.Active = true;
        subscription.AwaitingConfirmation = false;
        subscription.LinkNonce = StructureSubscribePage.NewNonce();
        try
        {
            await storage.Table(StorageNames.Subscriptions).UpdateEntityAsync(subscription, subscription.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return Refusals.Link(LinkCheck.Forged, Refusals.LinkPage.Confirmation); // the same link used twice at once: the other use won
        }
        var manage = links.Manage(subscription, now + SubscriptionLinks.ManageValidity);
        return new WebPage(200, Html.Page("Abonnement confirmé",
            $"<p class=\"notice\" role=\"status\">{Html.E(subscription.Email)} recevra les alertes de marchés publics pour {Html.E(subscription.Name)} : {Html.E(Schedule(subscription.Frequency))}. La première partira avec les prochains lots publiés qui correspondent à la structure.</p>" +
            $"<p>Chaque alerte contient un lien pour modifier ou supprimer l'abonnement. <a href=\"{Html.E(manage)}\">Gérer mon abonnement</a></p>"));
    }

    /// <summary>When the alerts come, as a sentence's end: "une alerte par semaine".</summary>
    public static string Schedule(string? frequency) => frequency switch
    {
        "immediate" => "une alerte dès qu'un lot est publié",
        "daily" => "une alerte par jour",
        _ => "une alerte par semaine",
    };
}

using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ClausesSociales.CodeLists;
using ClausesSociales.Digests;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/structures/{siret}/alertes</c>: a structure of the directory asks for alerts (e-mail,
/// frequency, sectors, area). The POST, with the anti-forgery token, stores the subscription
/// awaiting confirmation and e-mails a signed, expiring confirmation link (double opt-in):
/// nothing else is sent to the address until it confirms. Someone asking for another
/// structure's SIRET reaches nothing: an active subscription is never overwritten (its address
/// is told instead), and the page answers the same whatever exists, so it reveals no address.
/// One e-mail per structure every <see cref="MailInterval"/> at most.
/// </summary>
public sealed class StructureSubscribePage(ClausesStorage storage, CodeLabels labels, AntiForgery antiForgery, SubscriptionLinks subscriptionLinks, SignedLinks links,
    DigestMailer? mailer, TimeProvider clock, ILogger<StructureSubscribePage> logger)
{
    public static readonly TimeSpan MailInterval = TimeSpan.FromMinutes(10);
    private const string Title = "Recevoir les alertes";

    public async Task<WebPage> HandleAsync(string siret, WebRequest request, CancellationToken cancellationToken)
    {
        // "900 123 456 00007" typed or pasted in the address: the same structure.
        siret = Siret.Normalize(siret);
        var structure = await StructureStore.FindAsync(storage, siret, cancellationToken);
        if (structure is null) return Unknown(siret);
        if (!request.IsPost) return Form(structure, request, "", "weekly", [], "", [], 200);

        if (!request.IsGenuine(antiForgery)) return Refusals.AntiForgery();
        var errors = new List<string>();
        if (!EmailAddress.TryNormalize(request.Field("email"), out var email)) errors.Add(EmailAddress.Invalid);
        var (frequency, sectors, area, choiceErrors) = SubscriptionForm.Read(request, labels, structure);
        errors.AddRange(choiceErrors);
        if (errors.Count > 0) return Form(structure, request, request.Field("email"), frequency, sectors, area, errors, 400);

        var now = clock.GetUtcNow();
        var table = storage.Table(StorageNames.Subscriptions);
        await table.CreateIfNotExistsAsync(cancellationToken);
        var current = await ManageSubscriptionPage.FindAsync(storage, SubscriberKind.Structure, structure.RowKey, cancellationToken);
        if (current?.RequestedAt is { } last && now - last < MailInterval)
        {
            logger.LogInformation("Subscription request for {Siret} within {Minutes} minutes of the last one: no e-mail", structure.RowKey, MailInterval.TotalMinutes);
            return Sent(structure, email);
        }
        if (current is { AwaitingConfirmation: false, Active: true })
        {
            // Never overwritten from the web: the subscribed address is told, and manages its subscription itself.
            // One that unsubscribed asks again like a new one, through the confirmation link.
            current.RequestedAt = now;
            await table.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, cancellationToken);
            var manage = subscriptionLinks.Manage(current, now + SubscriptionLinks.ManageValidity);
            return await MailAsync(structure, current, email, SubscriptionMails.AlreadySubscribed(structure.Name, structure.RowKey, manage), cancellationToken);
        }

        var subscription = SubscriptionEntity.Structure(structure.RowKey, structure.Name, email, frequency, sectors, area.Length == 0 ? null : area);
        subscription.Active = false;
        subscription.AwaitingConfirmation = true;
        subscription.RequestedAt = now;
        subscription.LinkNonce = NewNonce();
        subscription.ManageNonce = NewNonce();
        try
        {
            if (current is null) await table.AddEntityAsync(subscription, cancellationToken);
            else await table.UpdateEntityAsync(subscription, current.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return Sent(structure, email); // another request for the same structure won the race; it sends the e-mail
        }
        var confirm = subscriptionLinks.Confirm(subscription, now + SubscriptionLinks.ConfirmValidity);
        return await MailAsync(structure, subscription, email, SubscriptionMails.Confirm(structure.Name, structure.RowKey, confirm, SubscriptionLinks.ConfirmValidity), cancellationToken);
    }

    public static string NewNonce() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <param name="email">The address the asker typed, the only one the page repeats (an already subscribed address is mailed, never shown).</param>
    private async Task<WebPage> MailAsync(StructureEntity structure, SubscriptionEntity subscription, string email, SubscriptionMails.Mail mail, CancellationToken cancellationToken)
    {
        if (mailer is null)
        {
            logger.LogWarning("No SMTP server configured: the subscription e-mail for {Siret} was not sent", structure.RowKey);
            return Sent(structure, email);
        }
        try
        {
            await mailer.SendAsync(structure.Name, subscription.Email, mail.Subject, mail.Html, mail.Text,
                links.Unsubscribe(SubscriberKind.Structure, subscription.RowKey, subscription.Email), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The subscription e-mail for {Siret} could not be sent", structure.RowKey);
            // Nothing was sent: the request does not count against the interval, so that trying again works.
            subscription.RequestedAt = null;
            await storage.Table(StorageNames.Subscriptions).UpdateEntityAsync(subscription, ETag.All, TableUpdateMode.Replace, cancellationToken);
            return new WebPage(503, Page(Title, "<p class=\"empty\" role=\"alert\">L'e-mail n'a pas pu être envoyé pour le moment. Réessayez dans une dizaine de minutes.</p>"));
        }
        return Sent(structure, email);
    }

    /// <summary>The same answer whatever exists (only the address typed is repeated): it tells nobody whether the structure has a subscriber.</summary>
    private static WebPage Sent(StructureEntity structure, string email) => new(200, Page("Vérifiez votre messagerie",
        $"<p class=\"notice\" role=\"status\">Demande reçue pour {Html.E(structure.Name)}. Un e-mail part vers <strong>{Html.E(email)}</strong> avec un lien de confirmation, valable 3 jours ; " +
        "si cette adresse reçoit déjà les alertes de cette structure, l'e-mail le précise. Aucune alerte n'est envoyée avant la confirmation.</p>" +
        $"<p>Pour une même structure, un seul e-mail part toutes les {MailInterval.TotalMinutes:0} minutes : si une demande vient d'être faite, aucun autre ne part. " +
        $"Rien reçu ? Vérifiez l'adresse ci-dessus et le dossier des courriers indésirables ; au bout de {MailInterval.TotalMinutes:0} minutes, vous pouvez refaire la demande.</p>" +
        "<p><a href=\"/structures\">Retour à la recherche de structures</a></p>"));

    private WebPage Form(StructureEntity structure, WebRequest request, string email, string frequency, IReadOnlyCollection<string> sectors, string area, IReadOnlyList<string> errors, int status)
    {
        var body = new StringBuilder();
        body.Append($"<p class=\"meta\">{Html.StructureLink(structure.RowKey, structure.Name)} · {Html.E(structure.Kind)} · SIRET\u00A0{Html.E(Siret.InFrench(structure.RowKey))}</p>");
        body.Append("<p>Recevez par e-mail les lots de marchés publics auxquels votre structure peut répondre. Un lien de confirmation est envoyé à l'adresse indiquée : les alertes ne partent qu'après sa confirmation.</p>");
        body.Append(SubscriptionForm.Errors(errors));
        body.Append($"<form class=\"panel\" method=\"post\" action=\"{Html.E(SubscriptionLinks.SubscribePath(structure.RowKey))}\">");
        body.Append(antiForgery.Field(request.Cookie));
        body.Append($"<div class=\"field\"><label for=\"email\">Adresse e-mail qui recevra les alertes</label><input id=\"email\" name=\"email\" type=\"email\" required maxlength=\"{EmailAddress.MaxLength}\" autocomplete=\"email\" value=\"{Html.E(email)}\"></div>");
        body.Append(SubscriptionForm.Fields(labels, structure, frequency, sectors, area));
        body.Append("<div><button type=\"submit\">Recevoir les alertes</button></div></form>");
        body.Append("<p class=\"meta\">Votre adresse ne sert qu'à vous envoyer ces alertes. Chaque alerte porte un lien pour modifier l'abonnement ou le supprimer ; la suppression efface l'adresse de nos données.</p>");
        return new WebPage(status, Page($"{Title} – {structure.Name}", body.ToString()));
    }

    /// <summary>Not in the directory: a valid SIRET may be added; anything else is said not to be a SIRET.</summary>
    private static WebPage Unknown(string siret) => Siret.IsValid(siret)
        ? new(404, Page(Title, $"<p class=\"empty\">Cette structure n'est pas dans l'annuaire. <a href=\"/structures/ajout?siret={Html.E(Uri.EscapeDataString(siret))}\">Demander son ajout</a></p>"))
        : new(400, Page(Title, "<p class=\"empty\" role=\"alert\">Ce SIRET n'est pas valide : il compte 14 chiffres et sa clé de contrôle doit être juste. <a href=\"/structures\">Rechercher une structure</a></p>"));

    /// <summary>A page of the "/structures" section of the site's header.</summary>
    private static string Page(string title, string body, bool estimates = false) => Html.Page(title, body, estimates, section: "/structures");
}

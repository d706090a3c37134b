using System.Text;
using Azure;
using Azure.Data.Tables;
using ClausesSociales.CodeLists;
using ClausesSociales.Digests;
using ClausesSociales.Geography;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/structures/{siret}/abonnement</c> and <c>/digests/{buyer}/abonnement</c>, the "gérer mon
/// abonnement" link of every alert and digest: a structure changes its frequency, sectors and area,
/// a buyer its departments, and either deletes its subscription. Deleting removes the row, hence the
/// address (GDPR), and a buyer's sending records that name it. The link signs the kind, the
/// identifier and the address and expires; once the subscription is deleted it is refused. Changes
/// are POSTs carrying the anti-forgery token.
/// </summary>
public sealed class ManageSubscriptionPage(ClausesStorage storage, CodeLabels labels, AntiForgery antiForgery, SubscriptionLinks links, TimeProvider clock)
{
    private const string Title = "Gérer mon abonnement";

    public async Task<WebPage> HandleAsync(SubscriberKind kind, string id, WebRequest request, CancellationToken cancellationToken)
    {
        var subscription = await FindAsync(storage, kind, id, cancellationToken);
        var check = subscription is { AwaitingConfirmation: false }
            ? links.Verify(SubscriptionLinks.ManagePurpose, SubscriptionLinks.ManageValues(subscription), request.QueryValue("exp"), request.QueryValue("token"), clock.GetUtcNow())
            : LinkCheck.Forged;
        if (check != LinkCheck.Valid) return Refusals.Link(check, kind == SubscriberKind.Buyer ? Refusals.LinkPage.BuyerManagement : Refusals.LinkPage.Management);
        var structure = kind == SubscriberKind.Structure ? await Structures.StructureStore.FindAsync(storage, subscription!.RowKey, cancellationToken) : null;
        if (!request.IsPost) return Form(kind, subscription!, structure, request, [], null, 200);
        if (!request.IsGenuine(antiForgery)) return Refusals.AntiForgery();

        var table = storage.Table(StorageNames.Subscriptions);
        // The page's buttons (save, delete, and resume once unsubscribed); anything else is no choice of the subscriber's, and changes nothing.
        if (request.Field("action") is not ("save" or "delete" or "resume"))
        {
            return Form(kind, subscription!, structure, request, ["Action inconnue : rien n'a été modifié. Utilisez les boutons de la page (« Enregistrer », « Supprimer mon abonnement »)."], null, 400);
        }
        if (request.Field("action") == "resume")
        {
            // An address that unsubscribed (the e-mails' "Se désabonner") comes back with its own signed link.
            subscription!.Active = true;
            await table.UpdateEntityAsync(subscription, ETag.All, TableUpdateMode.Replace, cancellationToken);
            return Form(kind, subscription, structure, request, [], "Les envois reprennent : " + Next(kind), 200);
        }
        if (request.Field("action") == "delete")
        {
            await DeleteAsync(storage, subscription!, cancellationToken);
            return new WebPage(200, Html.Page("Abonnement supprimé",
                "<p class=\"notice\" role=\"status\">Votre abonnement est supprimé, ainsi que votre adresse e-mail : vous ne recevrez plus de messages de ClausesSociales.</p>" +
                "<p><a href=\"/\">Voir les lots</a></p>"));
        }

        var errors = new List<string>();
        if (kind == SubscriberKind.Structure && structure is not null)
        {
            var (frequency, sectors, area, choiceErrors) = SubscriptionForm.Read(request, labels, structure);
            errors.AddRange(choiceErrors);
            if (errors.Count == 0)
            {
                subscription!.Frequency = frequency;
                subscription.ExtraSectors = sectors.Count == 0 ? null : string.Join(" ", sectors);
                subscription.AreaOverride = area.Length == 0 ? null : area;
            }
        }
        else if (kind == SubscriberKind.Buyer)
        {
            var departments = request.Fields("departments").Distinct().ToList();
            if (departments.Any(d => FrenchGeography.Instance.ByCode(d) is null)) errors.Add("Choisissez les départements dans la liste proposée.");
            else subscription!.Departments = departments.Count == 0 ? null : string.Join(",", departments.Select(d => FrenchGeography.Instance.ByCode(d)!.Code));
        }
        if (errors.Count > 0) return Form(kind, subscription!, structure, request, errors, null, 400);
        await table.UpdateEntityAsync(subscription!, ETag.All, TableUpdateMode.Replace, cancellationToken);
        return Form(kind, subscription!, structure, request, [], subscription!.Active
            ? "Vos choix sont enregistrés."
            : "Vos choix sont enregistrés. Les envois restent suspendus : utilisez « Reprendre les envois » pour les recevoir de nouveau.", 200);
    }

    /// <summary>What the address receives again, in words.</summary>
    private static string Next(SubscriberKind kind) => kind == SubscriberKind.Buyer
        ? "cette adresse reçoit de nouveau la synthèse hebdomadaire."
        : "cette adresse reçoit de nouveau les alertes, au prochain envoi.";

    public static async Task<SubscriptionEntity?> FindAsync(ClausesStorage storage, SubscriberKind kind, string id, CancellationToken cancellationToken)
    {
        if (id.Length is 0 or > TableKeys.MaxLength) return null;
        try
        {
            var found = await storage.Table(StorageNames.Subscriptions).GetEntityIfExistsAsync<SubscriptionEntity>(kind.ToString(), id, cancellationToken: cancellationToken);
            return found.HasValue ? found.Value : null;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 400)
        {
            return null;
        }
    }

    /// <summary>Deletes a subscription, hence its address, and for a buyer the records of the digests sent to it, which name it too.</summary>
    public static async Task DeleteAsync(ClausesStorage storage, SubscriptionEntity subscription, CancellationToken cancellationToken)
    {
        await storage.Table(StorageNames.Subscriptions).DeleteEntityAsync(subscription.PartitionKey, subscription.RowKey, ETag.All, cancellationToken);
        if (subscription.PartitionKey == nameof(SubscriberKind.Buyer)) await ForgetSendingsAsync(storage, subscription.RowKey, cancellationToken);
    }

    /// <summary>The Runs rows recording the digests sent to a buyer hold its address: they go with it.</summary>
    private static async Task ForgetSendingsAsync(ClausesStorage storage, string buyer, CancellationToken cancellationToken)
    {
        var runs = storage.Table(StorageNames.Runs);
        var row = TableKeys.Safe($"buyer-{buyer}");
        var rows = new List<TableEntity>();
        await foreach (var r in runs.QueryAsync<TableEntity>(e => e.RowKey == row, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken)) rows.Add(r);
        foreach (var r in rows.Where(r => r.PartitionKey.StartsWith("digest-", StringComparison.Ordinal)))
        {
            await runs.DeleteEntityAsync(r.PartitionKey, r.RowKey, ETag.All, cancellationToken);
        }
    }

    private WebPage Form(SubscriberKind kind, SubscriptionEntity subscription, Storage.StructureEntity? structure, WebRequest request, IReadOnlyList<string> errors, string? saved, int status)
    {
        var action = Html.E(SubscriptionForm.SignedAction(SubscriptionLinks.ManagePath(kind, subscription.RowKey), request));
        var body = new StringBuilder();
        body.Append(kind == SubscriberKind.Structure
            ? $"<p>Abonnement de <strong>{Html.E(subscription.Email)}</strong> pour {Html.StructureLink(subscription.RowKey, subscription.Name)}.</p>"
            : $"<p>Synthèse hebdomadaire de l'acheteur «\u00A0{Html.E(subscription.Name)}\u00A0», envoyée à <strong>{Html.E(subscription.Email)}</strong>.</p>");
        if (saved is not null) body.Append($"<p class=\"notice\" role=\"status\">{Html.E(saved)}</p>");
        body.Append(SubscriptionForm.Errors(errors));
        if (!subscription.Active)
        {
            body.Append($"<form class=\"panel\" method=\"post\" action=\"{action}\">{antiForgery.Field(request.Cookie)}<input type=\"hidden\" name=\"action\" value=\"resume\">");
            body.Append("<p><strong>Envois suspendus</strong> : vous vous êtes désabonné, aucun message de ClausesSociales n'est envoyé à cette adresse.</p>");
            body.Append("<button type=\"submit\">Reprendre les envois</button></form>");
        }
        if (kind == SubscriberKind.Structure && structure is not null)
        {
            var area = request.IsPost && errors.Count > 0 ? request.Field("area") : subscription.AreaOverride ?? "";
            var sectors = (subscription.ExtraSectors ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Length > 2 ? s[..2] : s).ToHashSet();
            body.Append($"<form class=\"panel\" method=\"post\" action=\"{action}\">{antiForgery.Field(request.Cookie)}<input type=\"hidden\" name=\"action\" value=\"save\">");
            body.Append(SubscriptionForm.Fields(labels, structure, subscription.Frequency ?? "weekly", sectors, area));
            body.Append("<div><button type=\"submit\">Enregistrer</button></div></form>");
        }
        else if (kind == SubscriberKind.Buyer)
        {
            var chosen = (subscription.Departments ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            body.Append($"<form class=\"panel\" method=\"post\" action=\"{action}\">{antiForgery.Field(request.Cookie)}<input type=\"hidden\" name=\"action\" value=\"save\">");
            body.Append("<fieldset class=\"sectors\"><legend>Départements de vos synthèses</legend>");
            var current = FrenchGeography.Instance.Departments.Where(d => chosen.Contains(d.Code)).Select(d => d.InFrench()).ToList();
            body.Append($"<p class=\"meta\">Actuellement : {Html.E(current.Count == 0 ? "tous vos lots, quel que soit le département." : string.Join(", ", current) + ". Aucun département coché : tous vos lots.")}</p>");
            foreach (var region in FrenchGeography.Instance.Departments.GroupBy(d => d.RegionName).OrderBy(g => g.Key, StringComparer.Create(LotCards.French, true)))
            {
                var checkedCount = region.Count(d => chosen.Contains(d.Code));
                var summary = checkedCount == 0 ? region.Key : $"{region.Key} · {Plurals.Count(checkedCount, "coché", "cochés")}";
                body.Append($"<details{(checkedCount > 0 ? " open" : "")}><summary>{Html.E(summary)}</summary><div class=\"checks\">");
                foreach (var d in region.OrderBy(d => d.Code, StringComparer.Ordinal)) body.Append(SubscriptionForm.Choice("checkbox", "departments", d.Code, d.InFrench(), chosen.Contains(d.Code)));
                body.Append("</div></details>");
            }
            body.Append("</fieldset><div><button type=\"submit\">Enregistrer</button></div></form>");
        }
        body.Append($"<form class=\"panel danger\" method=\"post\" action=\"{action}\">{antiForgery.Field(request.Cookie)}<input type=\"hidden\" name=\"action\" value=\"delete\">");
        body.Append("<p>Supprimer l'abonnement efface aussi votre adresse e-mail de nos données.</p><button type=\"submit\" class=\"danger\">Supprimer mon abonnement</button></form>");
        return new WebPage(status, Html.Page(Title, body.ToString()));
    }
}

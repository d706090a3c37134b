using System.Globalization;
using System.Text;
using Azure;
using ClausesSociales.Digests;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/admin/structures</c>: import a structures CSV (the layouts of <see cref="StructureCsvImporter"/>,
/// uploaded, at most <see cref="MaxImportBytes"/>) with its per-line report; the structures that
/// asked to be added (<see cref="PendingStructureEntity"/>), each added through the same importer
/// once the admin gives its kind and place, or rejected (its row, e-mail included, deleted); and
/// the subscriptions awaiting their address's confirmation. Every action is a POST checked against
/// the anti-forgery token, and idempotent (upserts by SIRET, deletes of what may be gone already).
/// </summary>
public sealed class AdminStructuresPage(ClausesStorage storage, StructureStore structures, AntiForgery antiForgery, SignedLinks links, DigestMailer? mailer, ILogger<AdminStructuresPage> logger)
{
    public const long MaxImportBytes = 5 * 1024 * 1024;
    public const int MaxListed = 200;

    /// <summary>The longest reason a rejection gives.</summary>
    public const int MaxReason = 500;

    /// <param name="typed">A refused "Ajouter" form's values, by field name ("siret" names the request): its card shows them again.</param>
    public async Task<WebPage> HandleAsync(string cookie, CancellationToken cancellationToken, string? message = null, bool error = false, string? report = null, int status = 200,
        IReadOnlyDictionary<string, string?>? typed = null)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var field = antiForgery.Field(cookie);
        var body = new StringBuilder();
        body.Append(report ?? "");
        body.Append("<section><h2>Importer des structures</h2>");
        body.Append("<form class=\"panel\" method=\"post\" action=\"/admin/structures/import\" enctype=\"multipart/form-data\">").Append(field);
        body.Append($"<div><label for=\"fichier\">Fichier CSV (export de l'annuaire des SIAE, ou colonnes siret, name, kind, naf, post_code, department, latitude, longitude, employees, activities, area ; {MaxImportBytes / 1024 / 1024} Mo au plus)</label>");
        body.Append("<input id=\"fichier\" name=\"file\" type=\"file\" accept=\".csv,text/csv\" required></div><div><button type=\"submit\">Importer</button></div></form>");
        body.Append("<p>Une structure déjà connue (même SIRET) est mise à jour ; chaque ligne refusée est signalée avec sa raison.</p></section>");

        await AppendPendingAsync(body, field, typed, cancellationToken);
        await AppendAwaitingAsync(body, cancellationToken);
        await AppendSubscribedAsync(body, field, cancellationToken);
        return new WebPage(status, AdminHtml.Page("Structures et abonnements", body.ToString(), message, error, "/admin/structures"));
    }

    public async Task<WebPage> ImportAsync(WebForm form, string cookie, CancellationToken cancellationToken)
    {
        if (!form.IsGenuine(antiForgery)) return Refusals.AntiForgery();
        if (form.Files.FirstOrDefault(f => f.Field == "file") is not { } file || file.Content.ToMemory().Length == 0)
        {
            return await HandleAsync(cookie, cancellationToken, "Aucun fichier reçu : choisissez un fichier CSV.", error: true, status: 400);
        }
        StructureImport import;
        try
        {
            using var reader = new StreamReader(file.Content.ToStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            import = new StructureCsvImporter().Read(reader, (await structures.LoadAsync(cancellationToken)).ToDictionary(s => s.Siret, StringComparer.Ordinal));
        }
        catch (FormatException ex)
        {
            return await HandleAsync(cookie, cancellationToken, $"{file.FileName} n'a pas été importé : {ImportReasons.French(ex.Message)}.", error: true, status: 400);
        }
        await structures.SaveAsync(import.Structures, cancellationToken);
        logger.LogInformation("Admin imported {FileName}: {Accepted} structures, {Rejected} rows rejected", file.FileName, import.Structures.Count, import.Rejected.Count);
        return await HandleAsync(cookie, cancellationToken,
            $"{file.FileName} : {Plurals.Count(import.Structures.Count, "structure importée", "structures importées")}, {Plurals.Count(import.Rejected.Count, "ligne refusée", "lignes refusées")}, {Plurals.Count(import.Notes.Count, "remarque", "remarques")}.",
            error: import.Structures.Count == 0, report: Report(import));
    }

    public async Task<WebPage> AddPendingAsync(WebForm form, string cookie, CancellationToken cancellationToken)
    {
        if (!form.IsGenuine(antiForgery)) return Refusals.AntiForgery();
        if (await FindPendingAsync(form["siret"], cancellationToken) is not { } pending) return await HandleAsync(cookie, cancellationToken, "Cette demande a déjà été traitée.");
        // The same checks as an import: one line of the generic layout, read by the importer.
        var line = string.Join(",", new[] { pending.Siret, pending.Name, form["kind"], form["naf"], form["post_code"], form["department"], form["activities"], form["area"] }.Select(Csv.Field));
        var import = new StructureCsvImporter().Read(new StringReader($"siret,name,kind,naf,post_code,department,activities,area\n{line}\n"));
        if (import.Structures.Count != 1)
        {
            var reason = import.Rejected.Select(r => ImportReasons.French(r.Reason)).FirstOrDefault() ?? "ligne illisible";
            return await HandleAsync(cookie, cancellationToken, $"{pending.Name} (SIRET {Siret.InFrench(pending.Siret)}) n'est pas ajoutée : {reason}.", error: true, status: 400,
                typed: AddFields.Append("siret").ToDictionary(f => f, f => form[f]));
        }
        await structures.SaveAsync(import.Structures, cancellationToken);
        var told = await TellAsync(pending, SubscriptionMails.StructureAdded(pending.Name, pending.Siret, links.Absolute(SubscriptionLinks.SubscribePath(pending.Siret))), cancellationToken);
        await storage.Table(StorageNames.PendingStructures).DeleteEntityAsync(pending.PartitionKey, pending.RowKey, ETag.All, cancellationToken);
        logger.LogInformation("Admin added pending structure {Siret} as {Kind}", pending.Siret, import.Structures[0].Kind);
        var notes = import.Notes.Select(n => ImportReasons.French(n.Reason)).ToList();
        return await HandleAsync(cookie, cancellationToken, $"{pending.Name} (SIRET {Siret.InFrench(pending.Siret)}) est ajoutée aux structures{(notes.Count == 0 ? "" : " ; " + string.Join(" ; ", notes))}. {told}");
    }

    /// <summary>E-mails the outcome of a request to the address it gave; says, for the admin, whether it went.</summary>
    private async Task<string> TellAsync(PendingStructureEntity pending, SubscriptionMails.Mail mail, CancellationToken cancellationToken)
    {
        if (mailer is null) return "Aucun serveur d'e-mail n'est configuré : le demandeur n'est pas prévenu.";
        try
        {
            await mailer.SendAsync(pending.Name, pending.Email, mail.Subject, mail.Html, mail.Text, null, cancellationToken);
            return "Le demandeur en est prévenu par e-mail.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The outcome of the request for {Siret} could not be e-mailed", pending.Siret);
            return "L'e-mail au demandeur n'a pas pu être envoyé.";
        }
    }

    public async Task<WebPage> RejectPendingAsync(WebForm form, string cookie, CancellationToken cancellationToken)
    {
        if (!form.IsGenuine(antiForgery)) return Refusals.AntiForgery();
        if (await FindPendingAsync(form["siret"], cancellationToken) is not { } pending) return await HandleAsync(cookie, cancellationToken, "Cette demande a déjà été traitée.");
        var reason = (form["reason"] ?? "").Trim();
        if (reason.Length > MaxReason) reason = reason[..MaxReason];
        var told = await TellAsync(pending, SubscriptionMails.StructureRejected(pending.Name, pending.Siret, reason.Length == 0 ? null : reason, links.Absolute("/")), cancellationToken);
        await storage.Table(StorageNames.PendingStructures).DeleteEntityAsync(pending.PartitionKey, pending.RowKey, ETag.All, cancellationToken);
        logger.LogInformation("Admin rejected pending structure {Siret}; its request and e-mail address are deleted", pending.Siret);
        return await HandleAsync(cookie, cancellationToken, $"La demande {Plurals.De(pending.Name)} (SIRET {Siret.InFrench(pending.Siret)}) est rejetée et supprimée, adresse e-mail comprise. {told}");
    }

    private async Task<PendingStructureEntity?> FindPendingAsync(string? siret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(siret) || siret.Length > 40) return null;
        await storage.EnsureCreatedAsync(cancellationToken);
        var found = await storage.Table(StorageNames.PendingStructures).GetEntityIfExistsAsync<PendingStructureEntity>(PendingStructureEntity.Partition, TableKeys.Safe(siret), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The fields of a pending request's "Ajouter" form.</summary>
    private static readonly string[] AddFields = ["kind", "department", "post_code", "naf", "activities", "area"];

    private async Task AppendPendingAsync(StringBuilder body, string field, IReadOnlyDictionary<string, string?>? typed, CancellationToken cancellationToken)
    {
        var pending = new List<PendingStructureEntity>();
        await foreach (var p in storage.Table(StorageNames.PendingStructures).QueryAsync<PendingStructureEntity>(p => p.PartitionKey == PendingStructureEntity.Partition, cancellationToken: cancellationToken))
        {
            pending.Add(p);
            if (pending.Count >= MaxListed) break;
        }
        body.Append($"<section><h2>Structures qui demandent à être ajoutées ({pending.Count.ToString(CultureInfo.InvariantCulture)})</h2>");
        if (pending.Count == 0)
        {
            body.Append("<p class=\"empty\">Aucune demande en attente.</p></section>");
            return;
        }
        foreach (var (p, i) in pending.OrderBy(p => p.RequestedAt).Select((p, i) => (p, i)))
        {
            // What the admin typed in a refused form is shown again in its card, to be corrected rather than retyped.
            // Otherwise the form starts from what the request gave (its kind, its post code).
            var retry = typed is not null && typed.GetValueOrDefault("siret") == p.Siret ? typed
                : new Dictionary<string, string?> { ["kind"] = p.Kind, ["post_code"] = p.PostalCode };
            string V(string name) => Html.E(retry.GetValueOrDefault(name) ?? "");
            var kinds = "<option value=\"\">Choisir le type</option>" + string.Concat(Enum.GetValues<StructureKind>().Select(k =>
                $"<option value=\"{Html.E(k.ToString())}\"{(retry.GetValueOrDefault("kind") == k.ToString() ? " selected" : "")}>{Html.E(k.ToString())}</option>"));
            body.Append($"<div class=\"card\"><h3>{Html.StructureLink(p.Siret, p.Name)}</h3><p class=\"meta\">SIRET\u00A0{Html.E(Siret.InFrench(p.Siret))} · {Html.E(p.Email)} · demandé le {Html.E(AdminPage.Time(p.RequestedAt))}</p>");
            if (p.Message is { Length: > 0 }) body.Append($"<p class=\"wrap\">« {Html.E(p.Message)} »</p>");
            body.Append($"<form class=\"panel\" method=\"post\" action=\"/admin/structures/pending/add\">{field}<input type=\"hidden\" name=\"siret\" value=\"{Html.E(p.Siret)}\">");
            body.Append($"<div><label for=\"kind-{i}\">Type</label><select id=\"kind-{i}\" name=\"kind\" required>{kinds}</select></div>");
            body.Append($"<div><label for=\"dep-{i}\">Département (ou code postal ci-dessous)</label><input id=\"dep-{i}\" name=\"department\" value=\"{V("department")}\" inputmode=\"text\" maxlength=\"3\"></div>");
            body.Append($"<div><label for=\"cp-{i}\">Code postal</label><input id=\"cp-{i}\" name=\"post_code\" value=\"{V("post_code")}\" inputmode=\"numeric\" maxlength=\"5\"></div>");
            body.Append($"<div><label for=\"naf-{i}\">Code NAF (facultatif)</label><input id=\"naf-{i}\" name=\"naf\" value=\"{V("naf")}\" maxlength=\"6\"></div>");
            body.Append($"<div><label for=\"act-{i}\">Activités : préfixes CPV séparés par des espaces (facultatif)</label><input id=\"act-{i}\" name=\"activities\" value=\"{V("activities")}\" maxlength=\"200\"></div>");
            body.Append($"<div><label for=\"area-{i}\">Zone (facultatif) : un rayon autour de l'adresse (30km), des départements (dep:93,94), des régions (reg:11) ou national</label><input id=\"area-{i}\" name=\"area\" value=\"{V("area")}\" maxlength=\"100\"></div>");
            body.Append($"<div><button type=\"submit\" aria-label=\"{Html.E($"Ajouter : {p.Name}")}\">Ajouter</button></div></form>");
            // A rejection says why in its e-mail when the admin writes it.
            body.Append($"<form method=\"post\" action=\"/admin/structures/pending/reject\" class=\"panel\">{field}<input type=\"hidden\" name=\"siret\" value=\"{Html.E(p.Siret)}\">");
            body.Append($"<div><label for=\"why-{i}\">Motif du rejet, envoyé au demandeur (facultatif)</label><input id=\"why-{i}\" name=\"reason\" maxlength=\"{MaxReason}\"></div>");
            body.Append($"<div><button type=\"submit\" class=\"secondary\" aria-label=\"{Html.E($"Rejeter : {p.Name}")}\">Rejeter</button></div></form>");
            body.Append("</div>");
        }
        body.Append("</section>");
    }

    private async Task AppendAwaitingAsync(StringBuilder body, CancellationToken cancellationToken)
    {
        var awaiting = await SubscriptionsAsync(awaitingConfirmation: true, cancellationToken);
        body.Append($"<section><h2>Abonnements en attente de confirmation ({awaiting.Count.ToString(CultureInfo.InvariantCulture)})</h2>");
        if (awaiting.Count == 0)
        {
            body.Append("<p class=\"empty\">Aucun abonnement en attente.</p></section>");
            return;
        }
        body.Append("<p>Rien n'est envoyé à ces adresses tant qu'elles n'ont pas suivi le lien de confirmation.</p>");
        body.Append("<table><thead><tr><th scope=\"col\">Abonné</th><th scope=\"col\">SIRET</th><th scope=\"col\">Adresse</th><th scope=\"col\">Demandé le</th></tr></thead><tbody>");
        foreach (var s in awaiting.OrderBy(s => s.RequestedAt))
        {
            var who = s.PartitionKey == nameof(SubscriberKind.Structure) ? "structure" : "acheteur";
            body.Append($"<tr><td data-label=\"Abonné\">{Html.E(s.Name)} ({who})</td><td data-label=\"SIRET\">{Html.E(Siret.InFrench(s.RowKey))}</td><td data-label=\"Adresse\" class=\"wrap\">{Html.E(s.Email)}</td><td data-label=\"Demandé le\">{Html.E(AdminPage.Time(s.RequestedAt))}</td></tr>");
        }
        body.Append("</tbody></table></section>");
    }

    /// <summary>
    /// The confirmed subscriptions, structures' and buyers', active or suspended (unsubscribed), each
    /// with its deletion: an admin answers "am I subscribed?" and erases an address on request.
    /// </summary>
    private async Task AppendSubscribedAsync(StringBuilder body, string field, CancellationToken cancellationToken)
    {
        var subscribed = await SubscriptionsAsync(awaitingConfirmation: false, cancellationToken);
        var count = subscribed.Count >= MaxListed ? $"les {MaxListed} premiers" : subscribed.Count.ToString(CultureInfo.InvariantCulture);
        body.Append($"<section><h2>Abonnements confirmés ({count})</h2>");
        if (subscribed.Count == 0)
        {
            body.Append("<p class=\"empty\">Aucun abonnement confirmé.</p></section>");
            return;
        }
        body.Append("<p>« Supprimer » efface l'abonnement et son adresse e-mail de nos données, comme l'abonné peut le faire lui-même depuis le lien « Gérer mon abonnement » de ses e-mails. "
            + "« Envois suspendus » : l'abonné s'est désabonné ; il peut reprendre les envois depuis ce même lien.</p>");
        body.Append("<table><thead><tr><th scope=\"col\">Abonné</th><th scope=\"col\">SIRET</th><th scope=\"col\">Adresse</th><th scope=\"col\">Envois</th><th scope=\"col\">Action</th></tr></thead><tbody>");
        foreach (var s in subscribed.OrderBy(s => s.PartitionKey, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Create(LotCards.French, true)))
        {
            var structure = s.PartitionKey == nameof(SubscriberKind.Structure);
            var sending = !s.Active ? "envois suspendus (désabonné)" : structure ? ConfirmSubscriptionPage.Schedule(s.Frequency) : "synthèse hebdomadaire";
            body.Append($"<tr><td data-label=\"Abonné\">{Html.E(s.Name)} ({(structure ? "structure" : "acheteur")})</td><td data-label=\"SIRET\">{Html.E(Siret.InFrench(s.RowKey))}</td>");
            body.Append($"<td data-label=\"Adresse\" class=\"wrap\">{Html.E(s.Email)}</td><td data-label=\"Envois\">{Html.E(sending)}</td>");
            // Erasing an address takes a box ticked first: no deletion by a stray click.
            body.Append($"<td data-label=\"Action\"><form method=\"post\" action=\"/admin/structures/subscriptions/delete\" class=\"inline\">{field}");
            body.Append($"<input type=\"hidden\" name=\"kind\" value=\"{Html.E(s.PartitionKey)}\"><input type=\"hidden\" name=\"id\" value=\"{Html.E(s.RowKey)}\">");
            body.Append($"<label><input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> effacer cette adresse</label> ");
            body.Append($"<button type=\"submit\" class=\"secondary\" aria-label=\"{Html.E($"Supprimer : {s.Name}, {s.Email}")}\">Supprimer</button></form></td></tr>");
        }
        body.Append("</tbody></table></section>");
    }

    /// <summary>The first <see cref="MaxListed"/> subscriptions awaiting their confirmation, or confirmed.</summary>
    private async Task<List<SubscriptionEntity>> SubscriptionsAsync(bool awaitingConfirmation, CancellationToken cancellationToken)
    {
        var list = new List<SubscriptionEntity>();
        await foreach (var s in storage.Table(StorageNames.Subscriptions).QueryAsync<SubscriptionEntity>(e => e.AwaitingConfirmation == awaitingConfirmation, cancellationToken: cancellationToken))
        {
            list.Add(s);
            if (list.Count >= MaxListed) break;
        }
        return list;
    }

    /// <summary>Deletes a subscription (its address with it), from the list of confirmed ones.</summary>
    public async Task<WebPage> DeleteSubscriptionAsync(WebForm form, string cookie, CancellationToken cancellationToken)
    {
        if (!form.IsGenuine(antiForgery)) return Refusals.AntiForgery();
        if (form["confirm"] != "yes") return await HandleAsync(cookie, cancellationToken, "Cochez « effacer cette adresse » pour supprimer l'abonnement : rien n'a été supprimé.", error: true, status: 400);
        if (!Enum.TryParse<SubscriberKind>(form["kind"], ignoreCase: false, out var kind) || !Enum.IsDefined(kind)
            || await ManageSubscriptionPage.FindAsync(storage, kind, form["id"] ?? "", cancellationToken) is not { } subscription)
        {
            return await HandleAsync(cookie, cancellationToken, "Cet abonnement n'existe plus : rien n'a été supprimé.");
        }
        await ManageSubscriptionPage.DeleteAsync(storage, subscription, cancellationToken);
        logger.LogInformation("Admin deleted the {Kind} subscription of {Id}", kind, subscription.RowKey);
        return await HandleAsync(cookie, cancellationToken, $"L'abonnement de {subscription.Email} pour {subscription.Name} est supprimé, adresse e-mail comprise.");
    }

    /// <summary>The per-line report of an import: each refused line with its number, SIRET and reason, then the remarks.</summary>
    private static string Report(StructureImport import)
    {
        var rows = import.Rejected.Select(r => (r, "refusée")).Concat(import.Notes.Select(n => (r: n, "remarque"))).OrderBy(x => x.r.Line).ToList();
        if (rows.Count == 0) return "";
        var html = new StringBuilder("<section><h2>Rapport ligne par ligne</h2><table><thead><tr><th scope=\"col\">Ligne</th><th scope=\"col\">SIRET</th><th scope=\"col\">Résultat</th><th scope=\"col\">Raison</th></tr></thead><tbody>");
        foreach (var (r, what) in rows)
        {
            html.Append($"<tr><td data-label=\"Ligne\" class=\"num\">{r.Line.ToString(CultureInfo.InvariantCulture)}</td><td data-label=\"SIRET\">{Html.E(r.Siret)}</td><td data-label=\"Résultat\">{Html.E(what)}</td><td data-label=\"Raison\" class=\"wrap\">{Html.E(ImportReasons.French(r.Reason))}</td></tr>");
        }
        return html.Append("</tbody></table></section>").ToString();
    }
}

using System.Net;

namespace ClausesSociales.Digests;

/// <summary>
/// The e-mails of the self-service subscription, in French, HTML (every value escaped) and text:
/// the confirmation asked of a new address (double opt-in), the notice an already subscribed
/// address gets when someone asks again for its structure (the page tells the asker nothing), and
/// the outcome of a request to add a structure to the directory.
/// </summary>
public static class SubscriptionMails
{
    public sealed record Mail(string Subject, string Html, string Text);

    public static Mail Confirm(string name, string siret, string link, TimeSpan validity) => Build(
        "ClausesSociales – confirmez votre abonnement aux alertes",
        $"Une demande d'abonnement aux alertes de marchés publics de ClausesSociales a été faite pour {name} (SIRET {Structures.Siret.InFrench(siret)}) avec cette adresse.",
        $"Pour la confirmer, ouvrez ce lien (valable {validity.TotalDays:0} jours) puis cliquez sur « Confirmer l'abonnement » :",
        link, "Confirmer mon abonnement",
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : aucune alerte ne sera envoyée à cette adresse.");

    public static Mail AlreadySubscribed(string name, string siret, string manageLink) => Build(
        "ClausesSociales – votre abonnement aux alertes",
        $"Une nouvelle demande d'abonnement aux alertes a été faite pour {name} (SIRET {Structures.Siret.InFrench(siret)}). Cette adresse reçoit déjà les alertes de cette structure : rien n'a changé.",
        "Pour modifier ou supprimer votre abonnement :", manageLink, "Gérer mon abonnement",
        "Si une autre adresse doit recevoir les alertes, supprimez cet abonnement puis abonnez la nouvelle adresse.");

    /// <summary>To the address that asked for a structure to be added, once an admin added it.</summary>
    public static Mail StructureAdded(string name, string siret, string subscribeLink) => Build(
        "ClausesSociales – votre structure est ajoutée à l'annuaire",
        $"{name} (SIRET {Structures.Siret.InFrench(siret)}) est ajoutée à l'annuaire de ClausesSociales, comme vous l'avez demandé.",
        "Pour recevoir par e-mail les lots de marchés publics auxquels elle peut répondre, abonnez-vous aux alertes :",
        subscribeLink, "Recevoir les alertes",
        "Sans abonnement, cette adresse ne recevra pas d'autre message de ClausesSociales ; votre demande et l'adresse qu'elle portait sont effacées.");

    /// <summary>To the address that asked for a structure to be added, once an admin rejected the request.</summary>
    /// <param name="reason">The admin's reason, given as written; null: the directory's scope is recalled instead.</param>
    public static Mail StructureRejected(string name, string siret, string? reason, string lotsLink) => Build(
        "ClausesSociales – votre demande d'ajout à l'annuaire",
        $"Votre demande d'ajout {Web.Plurals.De(name)} (SIRET {Structures.Siret.InFrench(siret)}) à l'annuaire de ClausesSociales n'a pas été retenue. "
            + (reason is null ? "L'annuaire recense les structures de l'économie sociale et solidaire (SIAE, ESAT, entreprises adaptées, SCOP, SCIC, associations) qui peuvent répondre à des marchés publics." : $"Motif : {reason}"),
        "Les lots ouverts restent consultables par tous, sans abonnement :",
        lotsLink, "Voir les lots",
        "Votre demande et l'adresse qu'elle portait sont effacées de nos données ; cette adresse ne recevra pas d'autre message de ClausesSociales.");

    private static Mail Build(string subject, string intro, string ask, string link, string button, string outro)
    {
        var html = $"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{E(subject)}</title></head>
            <body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1e1e1e;">
            <div style="max-width:560px;margin:0 auto;padding:16px;"><div style="background:#ffffff;padding:20px;border-radius:8px;">
            <p style="font-size:15px;line-height:1.5;">{E(intro)}</p>
            <p style="font-size:15px;line-height:1.5;">{E(ask)}</p>
            <p><a href="{E(link)}" style="display:inline-block;background:#1f4e79;color:#ffffff;padding:10px 16px;border-radius:4px;text-decoration:none;">{E(button)}</a></p>
            <p style="font-size:13px;color:#555;word-break:break-all;">{E(link)}</p>
            <p style="font-size:13px;color:#555;">{E(outro)}</p>
            </div></div></body></html>
            """;
        var text = $"{intro}\n\n{ask}\n{link}\n\n{outro}\n";
        return new Mail(subject, html, text);
    }

    private static string E(string value) => WebUtility.HtmlEncode(value);
}

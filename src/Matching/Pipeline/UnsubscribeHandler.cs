using Azure;
using ClausesSociales.Digests;
using ClausesSociales.Storage;

namespace ClausesSociales.Pipeline;

/// <summary>
/// The signed unsubscribe link's target: the subscription is deactivated only when the token
/// signs that kind, identifier and e-mail, and only on a POST (the page's confirmation button, or
/// a mail client's one-click unsubscribe): opening the link asks first, so that mail scanners
/// following links unsubscribe nobody. The answer is a short French page for the person.
/// </summary>
public sealed class UnsubscribeHandler(ClausesStorage storage, SignedLinks links)
{
    /// <param name="apply">False when the link is only opened (GET, which mail scanners also do): the
    /// answer asks the person to confirm; true on the confirmation or a one-click POST.</param>
    public async Task<LinkOutcome> HandleAsync(string? kind, string? id, string? email, string? token, bool apply, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<SubscriberKind>(kind, ignoreCase: true, out var subscriber) || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(email) || string.IsNullOrEmpty(token))
        {
            return new(400, "Lien de désabonnement incomplet.");
        }
        if (!links.VerifyUnsubscribe(subscriber, id, email, token)) return new(403, "Ce lien de désabonnement n'est pas valide.");
        var table = storage.Table(StorageNames.Subscriptions);
        var existing = await table.GetEntityIfExistsAsync<SubscriptionEntity>(subscriber.ToString(), TableKeys.Safe(id), cancellationToken: cancellationToken);
        if (!existing.HasValue || !string.Equals(existing.Value!.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            return new(404, "Aucun abonnement ne correspond à ce lien.");
        }
        var subscription = existing.Value;
        if (!apply && subscription.Active)
        {
            return new(200, $"Confirmez pour que {subscription.Email} ne reçoive plus de messages de ClausesSociales pour « {subscription.Name} ».", "Confirmer le désabonnement");
        }
        if (subscription.Active)
        {
            subscription.Active = false;
            await table.UpdateEntityAsync(subscription, ETag.All, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
        }
        return new(200, $"{subscription.Email} ne recevra plus de messages de ClausesSociales pour « {subscription.Name} ».");
    }
}

/// <summary>
/// The answer to a link of our e-mails: an HTTP status and a French message, and, when the link was
/// only opened, the label of the button that confirms it (the page then posts back to the same link).
/// </summary>
public sealed record LinkOutcome(int Status, string Message, string? ConfirmButton = null);

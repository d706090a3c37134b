using Azure;
using ClausesSociales.Digests;
using ClausesSociales.Storage;

namespace ClausesSociales.Pipeline;

/// <summary>
/// The signed unsubscribe link's target: the subscription is deactivated only when the token
/// signs that kind, identifier and e-mail. The answer is a short French page for the person.
/// </summary>
public sealed class UnsubscribeHandler(ClausesStorage storage, SignedLinks links)
{
    public async Task<(int Status, string Message)> HandleAsync(string? kind, string? id, string? email, string? token, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<SubscriberKind>(kind, ignoreCase: true, out var subscriber) || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(email) || string.IsNullOrEmpty(token))
        {
            return (400, "Lien de désabonnement incomplet.");
        }
        if (!links.VerifyUnsubscribe(subscriber, id, email, token)) return (403, "Ce lien de désabonnement n'est pas valide.");
        var table = storage.Table(StorageNames.Subscriptions);
        var existing = await table.GetEntityIfExistsAsync<SubscriptionEntity>(subscriber.ToString(), TableKeys.Safe(id), cancellationToken: cancellationToken);
        if (!existing.HasValue || !string.Equals(existing.Value!.Email, email, StringComparison.OrdinalIgnoreCase))
        {
            return (404, "Aucun abonnement ne correspond à ce lien.");
        }
        var subscription = existing.Value;
        if (subscription.Active)
        {
            subscription.Active = false;
            await table.UpdateEntityAsync(subscription, ETag.All, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
        }
        return (200, $"{subscription.Email} ne recevra plus de messages de ClausesSociales pour {subscription.Name}.");
    }
}

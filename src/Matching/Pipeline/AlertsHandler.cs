using Azure.Data.Tables;
using ClausesSociales.Digests;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// Alerts: each subscribed ESS structure receives the open lots it matches that it was never
/// alerted about, with deadline, buyer, place, value and link, as often as it asked (immediate,
/// daily, weekly). Alerted lots are recorded in the Runs table: no lot is alerted twice, not even
/// when a change notice corrects it (the key is the procedure's lot).
/// </summary>
public sealed class AlertsHandler(ClausesStorage storage, DigestRenderer renderer, SignedLinks links, DigestMailer? mailer, TimeProvider clock, ILogger<AlertsHandler> logger)
{

    public async Task<AlertRunSummary> HandleAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var subscriptions = storage.Table(StorageNames.Subscriptions);
        var runs = storage.Table(StorageNames.Runs);
        int structures = 0, due = 0, sent = 0, lots = 0;
        await foreach (var subscription in subscriptions.QueryAsync<SubscriptionEntity>(e => e.PartitionKey == nameof(SubscriberKind.Structure), cancellationToken: cancellationToken))
        {
            // Double opt-in: an address that has not confirmed receives nothing.
            if (!subscription.Active || subscription.AwaitingConfirmation) continue;
            structures++;
            if (!IsDue(subscription, now)) continue;
            due++;

            var alerted = $"alert-{subscription.RowKey}";
            var items = new List<AlertLot>();
            await foreach (var match in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(TableClient.CreateQueryFilter($"Siret eq {subscription.RowKey}"), cancellationToken: cancellationToken))
            {
                var lot = await storage.Lots.GetEntityIfExistsAsync<LotEntity>(TableKeys.Notice(match.Source, match.NoticeId), LotEntity.Row(match.Source, match.NoticeId, match.LotId), cancellationToken: cancellationToken);
                if (!lot.HasValue || !lot.Value!.IsCurrent() || lot.Value.Deadline is { } deadline && deadline < now) continue;
                var l = lot.Value;
                var key = AlertKey(l);
                if ((await runs.GetEntityIfExistsAsync<TableEntity>(alerted, key, cancellationToken: cancellationToken)).HasValue) continue;
                items.Add(new AlertLot(key, l.Title ?? "(sans titre)", l.BuyerName ?? "Acheteur non précisé", DigestBuilder.Place(l.Departments?.Split(',') ?? []),
                    Web.LotCards.Value(l.EstimatedValue),
                    l.Deadline is { } closes ? Web.LotCards.ParisDayAndHour(closes) : null, Web.SafeUrl.Http(l.Url), match.Reasons.Split('\n').First(),
                    links.Absolute(Web.LotCards.LotPath(l.Source, l.NoticeId, l.LotId))));
            }
            if (items.Count == 0) continue;

            var alert = new Alert(subscription.Name, subscription.Email, items, links.Unsubscribe(SubscriberKind.Structure, subscription.RowKey, subscription.Email),
                new SubscriptionLinks(links).Manage(subscription, now + SubscriptionLinks.ManageValidity),
                Web.Html.StructureUrl(subscription.RowKey));
            var (html, text) = renderer.Render(alert);
            await storage.Container(StorageNames.Digests).GetBlobClient($"{subscription.RowKey}/alert-{now:yyyyMMdd'T'HHmm}.html")
                .UploadAsync(BinaryData.FromString(html), overwrite: true, cancellationToken);
            if (mailer is null) continue;

            await mailer.SendAsync(subscription.Name, subscription.Email, $"ClausesSociales – {Web.Plurals.Count(items.Count, "nouveau lot", "nouveaux lots")} pour {subscription.Name}", html, text, alert.UnsubscribeUrl, cancellationToken);
            foreach (var item in items) await runs.UpsertEntityAsync(new TableEntity(alerted, item.Key) { ["SentAt"] = now }, cancellationToken: cancellationToken);
            subscription.LastAlertAt = now;
            await subscriptions.UpdateEntityAsync(subscription, subscription.ETag, TableUpdateMode.Replace, cancellationToken);
            sent++;
            lots += items.Count;
        }
        logger.LogInformation("Alerts: {Sent} sent for {Lots} lots to {Due} structures due of {Structures}", sent, lots, due, structures);
        return new AlertRunSummary(structures, due, sent, lots, mailer is not null);
    }

    /// <summary>A lot is alerted once per procedure: a change notice correcting it is not a new lot.</summary>
    public static string AlertKey(LotEntity lot) => lot.ProcedureId is { Length: > 0 } procedure
        ? TableKeys.Safe($"{lot.Source}_{procedure}_{lot.LotId}")
        : MatchEntity.LotKey(lot.Source, lot.NoticeId, lot.LotId);

    /// <summary>Immediate subscribers are due at every run; daily ones after 23 hours, weekly ones after 6 days and 23 hours.</summary>
    public static bool IsDue(SubscriptionEntity subscription, DateTimeOffset now) => subscription.LastAlertAt is not { } last || subscription.Frequency switch
    {
        "daily" => now - last >= TimeSpan.FromHours(23),
        "weekly" => now - last >= TimeSpan.FromDays(7) - TimeSpan.FromHours(1),
        _ => true,
    };
}

public sealed record AlertRunSummary(int Structures, int Due, int Sent, int Lots, bool SmtpConfigured);

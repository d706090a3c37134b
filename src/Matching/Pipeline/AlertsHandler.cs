using Azure.Data.Tables;
using ClausesSociales.CodeLists;
using ClausesSociales.Digests;
using ClausesSociales.Geography;
using ClausesSociales.Matching;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// Alerts: each subscribed ESS structure receives the open lots it matches that it was never
/// alerted about, with deadline, buyer, place, value and link, as often as it asked (immediate,
/// daily, weekly). The open lots (deadline to come, or none given and published within
/// <see cref="LotEntity.UndatedOpenDays"/> days) are matched at each run against the structures due, as their
/// subscriptions amend them (sectors added, area chosen): a structure is alerted about every lot it
/// can answer, not only those where it ranked among the lot page's first
/// <see cref="MatchLotsHandler.TopPerLot"/>, and sectors it adds count for lots published before.
/// Alerted lots are recorded in the Runs table: no lot is alerted twice, not even when a change
/// notice corrects it (the key is the procedure's lot).
/// </summary>
public sealed class AlertsHandler(ClausesStorage storage, DigestRenderer renderer, SignedLinks links, DigestMailer? mailer, TimeProvider clock, ILogger<AlertsHandler> logger, CodeLabels? labels = null)
{

    public async Task<AlertRunSummary> HandleAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var subscriptions = storage.Table(StorageNames.Subscriptions);
        var runs = storage.Table(StorageNames.Runs);
        int structures = 0, sent = 0, lots = 0;
        var due = new List<(SubscriptionEntity Subscription, Structure Structure)>();
        await foreach (var subscription in subscriptions.QueryAsync<SubscriptionEntity>(e => e.PartitionKey == nameof(SubscriberKind.Structure), cancellationToken: cancellationToken))
        {
            // Double opt-in: an address that has not confirmed receives nothing.
            if (!subscription.Active || subscription.AwaitingConfirmation) continue;
            structures++;
            if (!IsDue(subscription, now)) continue;
            if (await StructureStore.FindAsync(storage, subscription.RowKey, cancellationToken) is not { } structure)
            {
                logger.LogWarning("Alerts: structure {Siret} is subscribed but no longer in the directory", subscription.RowKey);
                continue;
            }
            due.Add((subscription, subscription.Amend(structure.ToStructure())));
        }

        var found = due.Count == 0 ? [] : await OpenLotsAsync(due.Select(d => d.Structure).ToList(), now, cancellationToken);
        foreach (var (subscription, _) in due)
        {
            var alerted = $"alert-{subscription.RowKey}";
            var items = new List<AlertLot>();
            foreach (var item in found.GetValueOrDefault(subscription.RowKey) ?? [])
            {
                if (!(await runs.GetEntityIfExistsAsync<TableEntity>(alerted, item.Key, cancellationToken: cancellationToken)).HasValue) items.Add(item);
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
        logger.LogInformation("Alerts: {Sent} sent for {Lots} lots to {Due} structures due of {Structures}", sent, lots, due.Count, structures);
        return new AlertRunSummary(structures, due.Count, sent, lots, mailer is not null);
    }

    /// <summary>
    /// The open current lots each structure matches (by SIRET), soonest deadline first: one read of
    /// the open lots, each matched against these structures only.
    /// </summary>
    private async Task<Dictionary<string, List<AlertLot>>> OpenLotsAsync(IReadOnlyList<Structure> structures, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trackRecords = await new Decp.DecpStore(storage).TrackRecordsAsync(structures.Select(s => s.Siret), cancellationToken);
        var matcher = new LotMatcher(new StructureIndex(structures, FrenchGeography.Instance), labels, trackRecords);
        var found = new Dictionary<string, List<(DateTimeOffset? Deadline, AlertLot Lot)>>();
        var since = LotEntity.UndatedOpenSince(now);
        var filter = TableClient.CreateQueryFilter($"Deadline ge {now} or PublicationDate ge {since}");
        await foreach (var l in storage.Lots.QueryAsync<LotEntity>(filter, cancellationToken: cancellationToken))
        {
            if (!l.IsCurrent() || (l.Deadline is { } deadline ? deadline < now : string.CompareOrdinal(l.PublicationDate, since) < 0)) continue;
            var matches = matcher.Match(l.NoticeId, l.ToLot(), l.Scores(), top: structures.Count).Matches;
            if (matches.Count == 0) continue;
            var link = links.Absolute(Web.LotCards.LotPath(l.Source, l.NoticeId, l.LotId));
            // Whom the lot is reserved to, or which clause it carries, is what tells a structure its chances.
            var clauses = string.Join(" · ", l.LabelStates().Where(c => c.Flagged).Select(c => Web.LotCards.Likelihood(c.Label, c.Markers, c.Probability)));
            foreach (var match in matches)
            {
                var item = new AlertLot(AlertKey(l), l.Title ?? "(sans titre)", l.BuyerName ?? "Acheteur non précisé", DigestBuilder.Place(l.Departments?.Split(',') ?? []),
                    Web.LotCards.Value(l.EstimatedValue),
                    l.Deadline is { } closes ? Web.LotCards.ParisDayAndHour(closes) : null, Web.SafeUrl.Http(l.Url), match.Reasons[0], link)
                {
                    Clauses = clauses.Length == 0 ? null : clauses,
                };
                if (!found.TryGetValue(match.Structure.Siret, out var list)) found[match.Structure.Siret] = list = [];
                list.Add((l.Deadline, item));
            }
        }
        // A procedure's lot once (a change notice's lot and the one it corrects share the key), soonest deadline first, then undated.
        return found.ToDictionary(f => f.Key, f => f.Value.OrderBy(x => x.Deadline ?? DateTimeOffset.MaxValue).ThenBy(x => x.Lot.Title, StringComparer.Ordinal)
            .DistinctBy(x => x.Lot.Key).Select(x => x.Lot).ToList());
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

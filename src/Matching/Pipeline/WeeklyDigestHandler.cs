using Azure;
using Azure.Data.Tables;
using ClausesSociales.Digests;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// WeeklyDigest: for each subscribed buyer, its digest of the ISO week, written to
/// digests/{recipient}/{isoWeek}.html and, with <c>send</c>, e-mailed once: every send is
/// recorded in the Runs table, so running the same week again sends nothing twice. Without an
/// SMTP server, digests go to blobs and to a local folder, and the summary says so.
/// </summary>
public sealed class WeeklyDigestHandler(ClausesStorage storage, DigestBuilder builder, DigestRenderer renderer, DigestMailer? mailer, string? localFolder, ILogger<WeeklyDigestHandler> logger)
{
    public async Task<DigestRunSummary> HandleAsync(string isoWeek, bool send, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        IsoWeeks.Range(isoWeek);
        int recipients = 0, written = 0, sent = 0, alreadySent = 0, empty = 0;
        var runs = storage.Table(StorageNames.Runs);
        await foreach (var subscription in storage.Table(StorageNames.Subscriptions).QueryAsync<SubscriptionEntity>(
            e => e.PartitionKey == nameof(SubscriberKind.Buyer), cancellationToken: cancellationToken))
        {
            if (!subscription.Active || subscription.AwaitingConfirmation) continue;
            recipients++;
            var digest = await builder.BuildAsync(subscription, isoWeek, cancellationToken);
            if (digest.LotCount == 0)
            {
                empty++;
                continue;
            }
            var (html, text) = renderer.Render(digest);
            var name = $"{subscription.RowKey}/{isoWeek}";
            await storage.Container(StorageNames.Digests).GetBlobClient($"{name}.html").UploadAsync(BinaryData.FromString(html), overwrite: true, cancellationToken);
            await storage.Container(StorageNames.Digests).GetBlobClient($"{name}.txt").UploadAsync(BinaryData.FromString(text), overwrite: true, cancellationToken);
            // What the web version shows; without the address, which only the subscription holds (deleted with it).
            await storage.Container(StorageNames.Digests).GetBlobClient($"{name}.json").UploadAsync(BinaryData.FromObjectAsJson(digest with { Email = "" }), overwrite: true, cancellationToken);
            if (localFolder is not null)
            {
                Directory.CreateDirectory(Path.Combine(localFolder, subscription.RowKey));
                await File.WriteAllTextAsync(Path.Combine(localFolder, $"{name}.html"), html, cancellationToken);
            }
            written++;
            if (!send || mailer is null) continue;

            var record = new TableEntity($"digest-{isoWeek}", TableKeys.Safe($"buyer-{subscription.RowKey}")) { ["Email"] = subscription.Email, ["Lots"] = digest.LotCount };
            if ((await runs.GetEntityIfExistsAsync<TableEntity>(record.PartitionKey, record.RowKey, cancellationToken: cancellationToken)).HasValue)
            {
                alreadySent++;
                continue;
            }
            await mailer.SendAsync(subscription.Name, subscription.Email, $"ClausesSociales – {Web.Plurals.Count(digest.LotCount, "lot", "lots")} à potentiel social ou environnemental ({digest.Week})",
                html, text, digest.UnsubscribeUrl, cancellationToken);
            try
            {
                await runs.AddEntityAsync(record, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                logger.LogWarning("Digest {Week} for {Recipient} was recorded by another run meanwhile", isoWeek, subscription.RowKey);
            }
            sent++;
        }
        logger.LogInformation("Digests {Week}: {Written} written, {Sent} sent, {AlreadySent} already sent", isoWeek, written, sent, alreadySent);
        return new DigestRunSummary(isoWeek, recipients, written, sent, alreadySent, empty, mailer is not null, localFolder);
    }
}

public sealed record DigestRunSummary(string IsoWeek, int Recipients, int Written, int Sent, int AlreadySent, int Empty, bool SmtpConfigured, string? LocalFolder);

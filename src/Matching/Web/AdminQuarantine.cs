using System.Text;
using Azure;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Web;

/// <summary>
/// The quarantine's actions, each a POST checked against the anti-forgery token before anything
/// changes, and the download of a quarantined copy:
/// "Réessayer" reads the quarantined copy again through ParseNotice, as the blob trigger does,
/// then classifies, matches and puts on the board what it stored, as the queue trigger does; when
/// it now parses, its quarantined copy and its Errors row are removed (ParseNotice records the new
/// reason when it still does not). "Écarter" deletes both, leaving a log line. Both are idempotent:
/// a row already handled answers so.
/// </summary>
public sealed class AdminQuarantine(
    ClausesStorage storage, AntiForgery antiForgery, AdminPage page, ParseNoticeHandler parse, ClassifyAndMatchHandler classifyAndMatch, BoardIndexer board, ILogger<AdminQuarantine> logger)
{
    public static string FilePath(string stage, string row) => $"/admin/quarantine/file?stage={Uri.EscapeDataString(stage)}&row={Uri.EscapeDataString(row)}";

    /// <summary>Only a file ParseNotice quarantined can be read again; a collection failure is retried by the next collection.</summary>
    public static bool CanRetry(ErrorEntity error) => error.PartitionKey == ParseNoticeHandler.Stage && error.QuarantineBlob is { Length: > 0 };

    public async Task<WebPage> RetryAsync(WebForm form, string cookie, CancellationToken cancellationToken)
    {
        if (!form.IsGenuine(antiForgery)) return Refusals.AntiForgery();
        if (await FindAsync(form["stage"], form["row"], cancellationToken) is not { } error) return await AlreadyHandledAsync(cookie, cancellationToken);
        if (!CanRetry(error)) return await page.HandleAsync(cookie, Empty, cancellationToken, "Cette erreur n'a pas de fichier à relire : la prochaine collecte réessaiera.", error: true, status: 400);
        var copy = storage.Quarantine.GetBlobClient(QuarantineName(error));
        BinaryData content;
        try
        {
            content = (await copy.DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return await page.HandleAsync(cookie, Empty, cancellationToken, $"La copie de {error.BlobName} n'est plus en quarantaine : « Écarter » retire la ligne.", error: true, status: 404);
        }

        var outcome = await parse.HandleAsync(error.BlobName, content, cancellationToken);
        if (!outcome.Success)
        {
            logger.LogInformation("Admin retried {BlobName}: still rejected: {Reason}", error.BlobName, outcome.Error);
            return await page.HandleAsync(cookie, Empty, cancellationToken, $"{error.BlobName} est toujours illisible : {ErrorReasons.French(outcome.Error)}", error: true);
        }
        var lots = new StringBuilder();
        foreach (var (source, noticeId) in outcome.Notices)
        {
            var notice = new ParsedNotice(source, noticeId);
            var matched = outcome.FreshLots.TryGetValue((source, noticeId), out var fresh)
                ? await classifyAndMatch.HandleAsync(notice, fresh, cancellationToken)
                : await classifyAndMatch.HandleAsync(notice, cancellationToken);
            await board.IndexNoticeAsync(source, noticeId, matched.Lots, matched.MatchRows, cancellationToken);
            foreach (var lot in matched.Lots)
            {
                lots.Append($"<li>{Html.Local(LotCards.LotPath(source, noticeId, lot.LotId), $"{noticeId} – {lot.LotId} : {lot.Title}")}</li>");
            }
        }
        await copy.DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await storage.Errors.DeleteEntityAsync(error.PartitionKey, error.RowKey, ETag.All, cancellationToken);
        logger.LogInformation("Admin retried {BlobName}: parsed, {Notices} notices, {Lots} lots; quarantine copy and Errors row removed", error.BlobName, outcome.Notices.Count, outcome.Lots);
        return await page.HandleAsync(cookie, Empty, cancellationToken,
            $"{error.BlobName} est maintenant lu : {Plurals.Count(outcome.Notices.Count, "avis", "avis")}, {Plurals.Count(outcome.Lots, "lot enregistré", "lots enregistrés")}, classés et rapprochés des structures ; retiré de la quarantaine.",
            details: lots.Length == 0 ? null : $"<section><h2>Lots enregistrés</h2><ul>{lots}</ul></section>");
    }

    public async Task<WebPage> DiscardAsync(WebForm form, string cookie, CancellationToken cancellationToken)
    {
        if (!form.IsGenuine(antiForgery)) return Refusals.AntiForgery();
        if (await FindAsync(form["stage"], form["row"], cancellationToken) is not { } error) return await AlreadyHandledAsync(cookie, cancellationToken);
        if (error.QuarantineBlob is { Length: > 0 }) await storage.Quarantine.GetBlobClient(QuarantineName(error)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await storage.Errors.DeleteEntityAsync(error.PartitionKey, error.RowKey, ETag.All, cancellationToken);
        logger.LogWarning("Admin discarded {Stage} error of {BlobName} ({Size} bytes, quarantine copy {QuarantineBlob}): {Reason}", error.Stage, error.BlobName, error.Size, error.QuarantineBlob, error.Reason);
        return await page.HandleAsync(cookie, Empty, cancellationToken, $"{error.BlobName} est écarté : sa copie et sa ligne d'erreur sont supprimées.");
    }

    /// <summary>The quarantined copy as a download (attachment, text), never as a page; null when there is none.</summary>
    public async Task<WebFile?> FileAsync(IReadOnlyDictionary<string, string?> query, CancellationToken cancellationToken)
    {
        if (await FindAsync(query.GetValueOrDefault("stage"), query.GetValueOrDefault("row"), cancellationToken) is not { QuarantineBlob.Length: > 0 } error) return null;
        try
        {
            var content = (await storage.Quarantine.GetBlobClient(QuarantineName(error)).DownloadContentAsync(cancellationToken)).Value.Content;
            return new WebFile(Path.GetFileName(error.BlobName) is { Length: > 0 } name ? name : "quarantaine.txt", content);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public static WebPage NoFile() => new(404, AdminHtml.Page("Fichier introuvable", "<p class=\"empty\">Ce fichier n'est plus en quarantaine.</p>"));

    private async Task<ErrorEntity?> FindAsync(string? stage, string? row, CancellationToken cancellationToken)
    {
        if (stage is null || row is null || stage.Length > 100 || !TableKeys.CanBeKey(stage) || !TableKeys.CanBeKey(row)) return null;
        await storage.EnsureCreatedAsync(cancellationToken);
        try
        {
            var found = await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>(stage, row, cancellationToken: cancellationToken);
            return found.HasValue ? found.Value : null;
        }
        catch (RequestFailedException ex) when (ex.Status == 400)
        {
            return null;
        }
    }

    private Task<WebPage> AlreadyHandledAsync(string cookie, CancellationToken cancellationToken) =>
        page.HandleAsync(cookie, Empty, cancellationToken, "Cette erreur a déjà été traitée (relue ou écartée).");

    /// <summary>The copy's name in the quarantine container (the Errors row names it with the container first).</summary>
    private static string QuarantineName(ErrorEntity error) =>
        error.QuarantineBlob!.StartsWith(StorageNames.Quarantine + "/", StringComparison.Ordinal) ? error.QuarantineBlob[(StorageNames.Quarantine.Length + 1)..] : error.QuarantineBlob;

    private static readonly IReadOnlyDictionary<string, string?> Empty = new Dictionary<string, string?>();
}

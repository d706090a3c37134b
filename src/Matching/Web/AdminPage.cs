using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/admin</c>, the console's first page: each source's collection (its Runs cursor, when it was
/// last moved, its last failure) and the quarantine, each Errors row with its reason, source file,
/// position and time, a download link for the quarantined copy and the "Réessayer" / "Écarter"
/// buttons (<see cref="AdminQuarantine"/>), newest first, <see cref="PageSize"/> rows a page.
/// Hosts serve it to signed-in admins only (`clauses host`: loopback only).
/// </summary>
public sealed class AdminPage(ClausesStorage storage, AntiForgery antiForgery)
{
    public const int PageSize = 50;
    public const string PageQuery = "page";

    public async Task<WebPage> HandleAsync(string cookie, IReadOnlyDictionary<string, string?> query, CancellationToken cancellationToken, string? message = null, bool error = false, int status = 200, string? details = null)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var body = new StringBuilder(details ?? "");
        await AppendRunsAsync(body, cancellationToken);
        await AppendQuarantineAsync(body, cookie, query.GetValueOrDefault(PageQuery), cancellationToken);
        return new WebPage(status, AdminHtml.Page("Console d'administration", body.ToString(), message, error, "/admin"));
    }

    private async Task AppendRunsAsync(StringBuilder body, CancellationToken cancellationToken)
    {
        body.Append("<section><h2>Collecte</h2><table><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Dernier jour collecté</th><th scope=\"col\">Mis à jour le</th><th scope=\"col\">Dernier échec</th></tr></thead><tbody>");
        var failures = new List<ErrorEntity>();
        await foreach (var e in storage.Errors.QueryAsync<ErrorEntity>(e => e.PartitionKey == CollectNoticesHandler.Stage, cancellationToken: cancellationToken)) failures.Add(e);
        foreach (var source in CollectNoticesHandler.Sources)
        {
            var cursor = await Collection.CollectionSteps.CursorAsync(storage, source, cancellationToken);
            var failure = failures.Where(f => f.BlobName == source || f.BlobName.StartsWith(source + "/", StringComparison.Ordinal)).MaxBy(f => f.Timestamp);
            body.Append($"<tr><td data-label=\"Source\">{Html.E(source.ToUpperInvariant())}</td>");
            // The collector's own cursor: notices ingested by hand or by `clauses run` do not move it.
            body.Append($"<td data-label=\"Dernier jour collecté\">{Html.E(cursor is null ? "pas encore de collecte automatique (les avis importés n'y comptent pas)" : LotCards.LongDate(cursor.GetString("Date")))}</td>");
            body.Append($"<td data-label=\"Mis à jour le\">{Html.E(cursor is null ? "–" : Time(cursor.Timestamp))}</td>");
            body.Append($"<td data-label=\"Dernier échec\" class=\"wrap\">{Html.E(failure is null ? "aucun" : $"{Time(failure.Timestamp)} : {ErrorReasons.French(failure.Reason)}")}</td></tr>");
        }
        body.Append("</tbody></table></section>");
    }

    private async Task AppendQuarantineAsync(StringBuilder body, string cookie, string? pageText, CancellationToken cancellationToken)
    {
        // Newest first: the Errors table is small next to the notices (files in error), read whole
        // and sorted by time, as ErrorKeys reads it every few minutes anyway.
        var all = new List<ErrorEntity>();
        await foreach (var e in storage.Errors.QueryAsync<ErrorEntity>(cancellationToken: cancellationToken)) all.Add(e);
        var pages = Math.Max(1, (all.Count + PageSize - 1) / PageSize);
        var number = int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, pages) : 1;
        var rows = all.OrderByDescending(e => e.Timestamp).ThenBy(e => e.RowKey, StringComparer.Ordinal).Skip((number - 1) * PageSize).Take(PageSize).ToList();
        body.Append($"<section><h2>Quarantaine et erreurs ({all.Count.ToString(CultureInfo.InvariantCulture)})</h2>");
        if (rows.Count == 0)
        {
            body.Append("<p class=\"empty\">Aucun fichier en quarantaine.</p></section>");
            return;
        }
        body.Append("<p>« Réessayer » relit le fichier comme à son arrivée (après une correction du lecteur ou des réglages) ; « Écarter » le supprime avec sa ligne d'erreur.</p>");
        body.Append("<table><thead><tr><th scope=\"col\">Étape</th><th scope=\"col\">Fichier</th><th scope=\"col\">Raison</th><th scope=\"col\">Position</th><th scope=\"col\">Date</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
        var field = antiForgery.Field(cookie);
        foreach (var e in rows)
        {
            var position = e.Line is { } line ? $"ligne {line}" + (e.Column is { } column ? $", colonne {column}" : "") : "–";
            var key = new[] { ("stage", e.PartitionKey), ("row", e.RowKey) };
            body.Append($"<tr><td data-label=\"Étape\">{Html.E(ErrorReasons.Stage(e.Stage))}</td><td data-label=\"Fichier\" class=\"wrap\">{Html.E(e.BlobName)}");
            if (e.QuarantineBlob is { Length: > 0 })
            {
                body.Append($"<br><a href=\"{Html.E(AdminQuarantine.FilePath(e.PartitionKey, e.RowKey))}\" download>Télécharger la copie</a> <span class=\"meta\">{Html.E(e.QuarantineBlob)}, {Html.E(AdminHtml.Size(e.Size))}</span>");
            }
            body.Append($"</td><td data-label=\"Raison\" class=\"wrap\">{Html.E(ErrorReasons.Sentence(ErrorReasons.French(e.Reason)))}</td><td data-label=\"Position\">{Html.E(position)}</td><td data-label=\"Date\">{Html.E(Time(e.Timestamp))}</td><td data-label=\"Actions\">");
            if (AdminQuarantine.CanRetry(e)) body.Append(AdminHtml.Button("/admin/quarantine/retry", "Réessayer", field, key, what: e.BlobName));
            body.Append(AdminHtml.Button("/admin/quarantine/discard", "Écarter", field, key, secondary: true, what: e.BlobName));
            body.Append("</td></tr>");
        }
        body.Append("</tbody></table>");
        if (pages > 1)
        {
            body.Append("<nav class=\"pager\" aria-label=\"Pages de la quarantaine\">");
            if (number > 1) body.Append($"<a href=\"/admin?{PageQuery}={number - 1}\">Plus récentes</a>");
            body.Append($"<span>Page {number} sur {pages}</span>");
            if (number < pages) body.Append($"<a href=\"/admin?{PageQuery}={number + 1}\">Plus anciennes</a>");
            body.Append("</nav>");
        }
        body.Append("</section>");
    }

    public static string Time(DateTimeOffset? at) => at is { } t ? LotCards.ParisTime(t) : "–";
}

using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/admin</c>, the console's first page, read only: the last collection day of each source
/// (the Runs cursors) and the quarantine, each Errors row with its file, reason and position.
/// Hosts serve it to signed-in admins only (`clauses host`: loopback only).
/// </summary>
public sealed class AdminPage(ClausesStorage storage)
{
    public const int MaxErrors = 200;

    public async Task<WebPage> HandleAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var body = new StringBuilder("<h2>Collecte</h2><table><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Dernier jour collecté</th></tr></thead><tbody>");
        foreach (var source in Pipeline.CollectNoticesHandler.Sources)
        {
            var cursor = await storage.Table(StorageNames.Runs).GetEntityIfExistsAsync<TableEntity>($"collect-{source}", "cursor", cancellationToken: cancellationToken);
            body.Append($"<tr><td data-label=\"Source\">{Html.E(source.ToUpperInvariant())}</td><td data-label=\"Dernier jour collecté\">{Html.E(cursor.HasValue ? cursor.Value!.GetString("Date") : "jamais")}</td></tr>");
        }
        body.Append("</tbody></table>");

        var errors = new List<ErrorEntity>();
        await foreach (var e in storage.Errors.QueryAsync<ErrorEntity>(cancellationToken: cancellationToken))
        {
            errors.Add(e);
            if (errors.Count >= MaxErrors) break;
        }
        body.Append($"<h2>Quarantaine ({errors.Count.ToString(CultureInfo.InvariantCulture)}{(errors.Count >= MaxErrors ? " premières" : "")})</h2>");
        if (errors.Count == 0) body.Append("<p class=\"empty\">Aucun fichier en quarantaine.</p>");
        else
        {
            body.Append("<table><thead><tr><th scope=\"col\">Étape</th><th scope=\"col\">Fichier</th><th scope=\"col\">Raison</th><th scope=\"col\">Position</th><th scope=\"col\">Copie</th></tr></thead><tbody>");
            foreach (var e in errors.OrderBy(e => e.Stage, StringComparer.Ordinal).ThenBy(e => e.BlobName, StringComparer.Ordinal))
            {
                var position = e.Line is { } line ? $"ligne {line}" + (e.Column is { } column ? $", colonne {column}" : "") : "–";
                body.Append($"<tr><td data-label=\"Étape\">{Html.E(e.Stage)}</td><td data-label=\"Fichier\">{Html.E(e.BlobName)}</td><td data-label=\"Raison\">{Html.E(e.Reason)}</td>");
                body.Append($"<td data-label=\"Position\">{Html.E(position)}</td><td data-label=\"Copie\">{Html.E(e.QuarantineBlob ?? "–")}</td></tr>");
            }
            body.Append("</tbody></table>");
        }
        return new WebPage(200, Html.Page("Console d'administration", body.ToString()));
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;

namespace ClausesSociales.Web;

/// <summary>
/// <c>/admin/model</c>: the promoted model, its metrics on the held-out notices next to the naive
/// Bayes baseline (what the version's metrics blob holds: ROC-AUC with its 95% interval, PR-AUC,
/// top-20% recall, precision and recall of the lots shown as likely), every version trained with its held-out ROC-AUC,
/// the labels files dropped in training/, and the "Réentraîner" button
/// (<c>POST /admin/model/retrain</c>, see <see cref="RetrainLabels"/>).
/// </summary>
public sealed class AdminModelPage(ClausesStorage storage, ModelStore models, RetrainLabels labels, AntiForgery antiForgery)
{
    public async Task<WebPage> HandleAsync(string cookie, CancellationToken cancellationToken, string? message = null, int status = 200)
    {
        var body = new StringBuilder();
        var current = await models.CurrentAsync(cancellationToken);
        body.Append("<section><h2>Modèle en service</h2>");
        if (current is null) body.Append("<p class=\"empty\">Aucun modèle promu : le premier `clauses run` en entraîne un, « Réentraîner » aussi.</p>");
        else
        {
            body.Append($"<p>Version <strong>{Html.E(current.Version)}</strong>, promue le {Html.E(AdminPage.Time(current.PromotedAt))}.</p>");
            using var metrics = await models.MetricsAsync(current.Version, cancellationToken);
            AppendMetrics(body, metrics.RootElement);
        }
        body.Append("</section>");

        body.Append("<section><h2>Réentraîner</h2><p>Le bouton dépose le fichier des réponses des acheteurs (« Intéressé », « Pas pertinent ») dans le conteneur d'entraînement (<code>training</code>) ; ")
            .Append("le réentraînement part alors de lui-même : il entraîne un modèle sur tous les lots enregistrés, l'évalue sur les avis mis à part et ne le met en service que s'il ne fait pas moins bien que le modèle actuel. Comptez quelques minutes.</p>");
        body.Append(AdminHtml.Button("/admin/model/retrain", "Réentraîner", antiForgery.Field(cookie), []));
        await AppendLabelsFilesAsync(body, cancellationToken);
        body.Append("</section>");

        await AppendVersionsAsync(body, current?.Version, cancellationToken);
        return new WebPage(status, AdminHtml.Page("Modèle de classement des lots", body.ToString(), message, section: "/admin/model"));
    }

    public async Task<WebPage> RetrainAsync(WebForm form, string cookie, CancellationToken cancellationToken)
    {
        if (!form.IsGenuine(antiForgery)) return Refusals.AntiForgery();
        var queued = await labels.QueueAsync(cancellationToken);
        var answers = $"{Plurals.Count(queued.Lots, "lot", "lots")} avec une réponse d'acheteur";
        return await HandleAsync(cookie, cancellationToken, queued.AlreadyQueued
            ? $"Ces étiquettes ({answers}) ont déjà été déposées sous {queued.BlobName} : rien de nouveau, aucun entraînement de plus."
            : $"Réentraînement demandé : {queued.BlobName} ({answers}) est déposé dans le conteneur d'entraînement ; la nouvelle version apparaîtra ici quand l'entraînement sera fini.");
    }

    private static void AppendMetrics(StringBuilder body, JsonElement root)
    {
        if (root.TryGetProperty("info", out var info) && info.TryGetProperty("trainingLots", out var lots) && lots.ValueKind == JsonValueKind.Number)
        {
            body.Append($"<p>Entraîné sur {Html.E(lots.GetInt32().ToString("N0", LotCards.French))} lots.</p>");
        }
        if (!root.TryGetProperty("metrics", out var metrics) || !metrics.TryGetProperty("evaluation", out var evaluation) || evaluation.ValueKind != JsonValueKind.Object)
        {
            body.Append("<p class=\"empty\">Cette version n'a pas de mesures enregistrées.</p>");
            return;
        }
        var baseline = metrics.TryGetProperty("baseline", out var b) && b.ValueKind == JsonValueKind.Object ? b : (JsonElement?)null;
        var reports = metrics.TryGetProperty("reports", out var r) && r.ValueKind == JsonValueKind.Object ? r : (JsonElement?)null;
        body.Append("<p>Les mesures portent sur les avis mis à part (acheteurs jamais vus à l'entraînement), avec leur intervalle de confiance à 95\u00A0% (rééchantillonnage des avis). Avec peu de positifs, lisez l'intervalle avant la valeur. Un lot sans déclaration de l'acheteur est mis en avant (tableau des lots, synthèses, observatoire) quand sa probabilité atteint le seuil qui met en avant 20\u00A0% des lots d'entraînement ; sur les avis mis à part, la part atteinte diffère, d'où un rappel des lots mis en avant différent de celui des 20\u00A0% premiers.</p>");
        body.Append("<table><thead><tr><th scope=\"col\">Étiquette</th><th scope=\"col\">Lots (positifs)</th><th scope=\"col\">ROC-AUC [intervalle]</th><th scope=\"col\">ROC-AUC référence (Bayes naïf)</th>")
            .Append("<th scope=\"col\">PR-AUC</th><th scope=\"col\">PR-AUC référence</th><th scope=\"col\">Rappel des 20\u00A0% premiers</th><th scope=\"col\">Précision / rappel des lots mis en avant</th></tr></thead><tbody>");
        var behind = new List<string>();
        foreach (var label in evaluation.EnumerateObject())
        {
            var m = label.Value;
            var report = reports is { } rs && rs.TryGetProperty(label.Name, out var lr) ? lr : (JsonElement?)null;
            var nb = baseline is { } bl && bl.TryGetProperty(label.Name, out var bm) ? bm : (JsonElement?)null;
            body.Append($"<tr><th scope=\"row\" data-label=\"Étiquette\">{Html.E(Labels.French.GetValueOrDefault(label.Name, label.Name))}</th>");
            body.Append($"<td data-label=\"Lots (positifs)\" class=\"num\">{Html.E(Number(m, "count", "N0"))} ({Html.E(Number(m, "positives", "N0"))})</td>");
            body.Append($"<td data-label=\"ROC-AUC [intervalle]\" class=\"num\">{Html.E(Number(m, "rocAuc"))}{Html.E(IntervalOf(report, "rocAuc"))}</td>");
            body.Append($"<td data-label=\"ROC-AUC référence\" class=\"num\">{Html.E(nb is { } n1 ? Number(n1, "rocAuc") : "–")}{Html.E(IntervalOf(report, "baselineRocAuc"))}</td>");
            body.Append($"<td data-label=\"PR-AUC\" class=\"num\">{Html.E(Number(m, "prAuc"))}{Html.E(IntervalOf(report, "prAuc"))}</td>");
            body.Append($"<td data-label=\"PR-AUC référence\" class=\"num\">{Html.E(nb is { } n2 ? Number(n2, "prAuc") : "–")}</td>");
            body.Append($"<td data-label=\"Rappel des 20\u00A0% premiers\" class=\"num\">{Html.E(Number(m, "top20Recall"))}</td>");
            body.Append($"<td data-label=\"Précision / rappel des lots mis en avant\" class=\"num\">{Html.E(Number(m, "precision"))} / {Html.E(Number(m, "recall"))}</td></tr>");
            if (Value(m, "rocAuc") is { } model && nb is { } reference && Value(reference, "rocAuc") is { } naive && naive > model)
            {
                behind.Add($"« {Labels.French.GetValueOrDefault(label.Name, label.Name)} » (ROC-AUC {Number(m, "rocAuc")} contre {Number(reference, "rocAuc")}, sur {Number(m, "positives", "N0")} positifs)");
            }
        }
        body.Append("</tbody></table>");
        // An admin deciding on a version should not have to spot in the table that the reference ranks better.
        if (behind.Count > 0)
        {
            body.Append($"<p class=\"warning\" role=\"status\">Attention : sur ces avis, la référence (Bayes naïf) classe mieux que le modèle pour {Plurals.Of(behind.Count, "l'étiquette", "les étiquettes")} {Html.E(string.Join(" ; ", behind))}. ")
                .Append("Avec peu de positifs, l'écart peut venir du découpage ; les réponses des acheteurs, à chaque réentraînement, le confirmeront ou non.</p>");
        }
        if (metrics.TryGetProperty("why", out var why) && why.ValueKind == JsonValueKind.String) body.Append($"<p>Décision de mise en service : {Html.E(why.GetString())}</p>");
    }

    private async Task AppendLabelsFilesAsync(StringBuilder body, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var files = new List<(string Name, DateTimeOffset? At)>();
        await foreach (var blob in storage.Container(StorageNames.Training).GetBlobsAsync(cancellationToken: cancellationToken))
        {
            files.Add((blob.Name, blob.Properties.LastModified));
        }
        if (files.Count == 0) return;
        body.Append("<h3>Fichiers d'étiquettes déposés</h3><ul>");
        foreach (var (name, at) in files.OrderByDescending(f => f.At).Take(20)) body.Append($"<li>{Html.E(name)} – {Html.E(AdminPage.Time(at))}</li>");
        body.Append("</ul>");
    }

    private async Task AppendVersionsAsync(StringBuilder body, string? current, CancellationToken cancellationToken)
    {
        var versions = await models.VersionsAsync(cancellationToken);
        body.Append("<section><h2>Versions entraînées</h2>");
        if (versions.Count == 0)
        {
            body.Append("<p class=\"empty\">Aucune version entraînée.</p></section>");
            return;
        }
        body.Append("<p>Par taille du jeu d'entraînement : ROC-AUC sur les avis mis à part (positifs entre parenthèses).</p>");
        body.Append("<table><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">Lots d'entraînement</th><th scope=\"col\">En service</th>");
        foreach (var label in Labels.All) body.Append($"<th scope=\"col\">{Html.E(Labels.French[label])}</th>");
        body.Append("</tr></thead><tbody>");
        foreach (var v in versions)
        {
            var state = v.Version == current ? "oui (actuelle)" : v.Promoted ? "promue avant" : "non";
            // Why a retraining kept the model in service, or promoted this one.
            if (v.Why is { Length: > 0 } why) state += " : " + why;
            body.Append($"<tr><td data-label=\"Version\" class=\"wrap\">{Html.E(v.Version)}</td><td data-label=\"Lots d'entraînement\" class=\"num\">{Html.E(v.TrainingLots.ToString("N0", LotCards.French))}</td><td data-label=\"En service\">{Html.E(state)}</td>");
            foreach (var label in Labels.All)
            {
                var value = v.RocAuc.TryGetValue(label, out var auc) && !double.IsNaN(auc) ? $"{auc.ToString("0.000", LotCards.French)} ({v.TestPositives.GetValueOrDefault(label)})" : "–";
                body.Append($"<td data-label=\"{Html.E(Labels.French[label])}\" class=\"num\">{Html.E(value)}</td>");
            }
            body.Append("</tr>");
        }
        body.Append("</tbody></table></section>");
    }

    private static string Number(JsonElement m, string name, string format = "0.000") =>
        Value(m, name) is { } d ? d.ToString(format, LotCards.French) : "–";

    private static double? Value(JsonElement m, string name) =>
        m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() is var d && !double.IsNaN(d) ? d : null;

    private static string IntervalOf(JsonElement? report, string name) =>
        report is { } r && r.TryGetProperty(name, out var i) && i.ValueKind == JsonValueKind.Object
        && i.TryGetProperty("low", out var low) && low.ValueKind == JsonValueKind.Number && i.TryGetProperty("high", out var high) && high.ValueKind == JsonValueKind.Number
            ? $" [{low.GetDouble().ToString("0.000", LotCards.French)} – {high.GetDouble().ToString("0.000", LotCards.French)}]"
            : "";
}

using ClausesSociales.Classification;
using ClausesSociales.Digests;
using ClausesSociales.Storage;

namespace ClausesSociales.Pipeline;

/// <summary>
/// The target of the "Intéressé / Pas pertinent" links under each lot of a buyer's digest: the signed answer is
/// stored in the Feedback table (one row per lot, label and buyer; answering again replaces the
/// answer) and becomes a label at the next retraining. The answer is a short French page.
/// </summary>
public sealed class FeedbackHandler(ClausesStorage storage, SignedLinks links, TimeProvider clock)
{
    /// <param name="apply">False when the link is only opened (GET, which mail scanners also do, on
    /// both answers): the page asks to confirm; true on the confirmation (POST).</param>
    public async Task<LinkOutcome> HandleAsync(IReadOnlyDictionary<string, string?> query, bool apply, CancellationToken cancellationToken)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        var verdict = FeedbackVerdicts.Parse(Get("verdict"));
        if (Get("buyer") is not { } buyer || Get("source") is not { } source || Get("notice") is not { } notice || Get("lot") is not { } lot
            || Get("label") is not { } label || !Labels.All.Contains(label) || verdict is null || Get("token") is not { } token)
        {
            return new(400, "Lien d'avis incomplet.");
        }
        var feedback = new LotFeedback(buyer, source, notice, lot, label, verdict.Value);
        if (!links.VerifyFeedback(feedback, token)) return new(403, "Ce lien d'avis n'est pas valide.");

        await storage.EnsureCreatedAsync(cancellationToken);
        var stored = await storage.Lots.GetEntityIfExistsAsync<LotEntity>(TableKeys.Notice(source, notice), LotEntity.Row(source, notice, lot), cancellationToken: cancellationToken);
        if (!stored.HasValue) return new(404, "Ce lot n'est plus connu de ClausesSociales.");
        var title = stored.Value!.Title ?? lot;
        if (!apply)
        {
            return new(200, verdict == FeedbackVerdict.Interested
                ? $"Le lot « {title} » vous semble-t-il pertinent pour une clause ou une réservation ?"
                : $"Confirmez-vous que le lot « {title} » n'est pas pertinent pour une clause ou une réservation ?",
                verdict == FeedbackVerdict.Interested ? "Oui, il m'intéresse" : "Confirmer : pas pertinent");
        }
        await storage.Table(StorageNames.Feedback).UpsertEntityAsync(feedback.ToEntity(clock.GetUtcNow()), Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
        return new(200, verdict == FeedbackVerdict.Interested
            ? $"Merci : votre intérêt pour « {title} » est enregistré. Il servira à améliorer les prochaines synthèses."
            : $"Merci : « {title} » est noté comme non pertinent. Cet avis servira à améliorer les prochaines synthèses.");
    }
}

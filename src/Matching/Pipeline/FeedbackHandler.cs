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
    public async Task<(int Status, string Message)> HandleAsync(IReadOnlyDictionary<string, string?> query, CancellationToken cancellationToken)
    {
        string? Get(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        var verdict = FeedbackVerdicts.Parse(Get("verdict"));
        if (Get("buyer") is not { } buyer || Get("source") is not { } source || Get("notice") is not { } notice || Get("lot") is not { } lot
            || Get("label") is not { } label || !Labels.All.Contains(label) || verdict is null || Get("token") is not { } token)
        {
            return (400, "Lien d'avis incomplet.");
        }
        var feedback = new LotFeedback(buyer, source, notice, lot, label, verdict.Value);
        if (!links.VerifyFeedback(feedback, token)) return (403, "Ce lien d'avis n'est pas valide.");

        await storage.EnsureCreatedAsync(cancellationToken);
        var stored = await storage.Lots.GetEntityIfExistsAsync<LotEntity>(TableKeys.Notice(source, notice), TableKeys.Safe(lot), cancellationToken: cancellationToken);
        if (!stored.HasValue) return (404, "Ce lot n'est plus connu de ClausesSociales.");
        await storage.Table(StorageNames.Feedback).UpsertEntityAsync(feedback.ToEntity(clock.GetUtcNow()), Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
        var title = stored.Value!.Title ?? lot;
        return (200, verdict == FeedbackVerdict.Interested
            ? $"Merci : votre intérêt pour « {title} » est enregistré. Il servira à améliorer les prochaines synthèses."
            : $"Merci : « {title} » est noté comme non pertinent. Cet avis servira à améliorer les prochaines synthèses.");
    }
}

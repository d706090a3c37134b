using Azure.Data.Tables;
using ClausesSociales.Classification;
using ClausesSociales.Storage;

namespace ClausesSociales.Digests;

public enum FeedbackVerdict { Interested, NotRelevant }

public static class FeedbackVerdicts
{
    public static string ToWord(this FeedbackVerdict verdict) => verdict == FeedbackVerdict.Interested ? "interested" : "not-relevant";

    public static FeedbackVerdict? Parse(string? word) => word?.Trim().ToLowerInvariant() switch
    {
        "interested" => FeedbackVerdict.Interested,
        "not-relevant" or "not_relevant" or "notrelevant" => FeedbackVerdict.NotRelevant,
        _ => null,
    };
}

/// <summary>
/// A buyer's answer about one lot of its digest, in the section it was shown in: "interested"
/// (this lot could carry that clause, or be reserved) or "not relevant". Kept as a label for
/// retraining: <see cref="Labels"/> names the label the section stands for.
/// </summary>
public sealed record LotFeedback(string Buyer, string Source, string NoticeId, string LotId, string Label, FeedbackVerdict Verdict)
{
    internal string Payload => $"feedback|{Buyer}|{Source}|{NoticeId}|{LotId}|{Label}|{Verdict.ToWord()}";

    public FeedbackEntity ToEntity(DateTimeOffset at) => new()
    {
        PartitionKey = TableKeys.Notice(Source, NoticeId),
        RowKey = TableKeys.Safe($"{LotId}|{Label}|{Buyer}"),
        Buyer = Buyer,
        Source = Source,
        NoticeId = NoticeId,
        LotId = LotId,
        Label = Label,
        Verdict = Verdict.ToWord(),
        At = at,
    };
}

/// <summary>Row of the Feedback table: one per lot, label and buyer; a later answer replaces an earlier one.</summary>
public sealed class FeedbackEntity : TableRow
{
    public string Buyer { get; set; } = "";
    public string Source { get; set; } = "";
    public string NoticeId { get; set; } = "";
    public string LotId { get; set; } = "";
    public string Label { get; set; } = "";
    public string Verdict { get; set; } = "";
    public DateTimeOffset At { get; set; }

    public static async Task<List<FeedbackEntity>> ReadAllAsync(ClausesStorage storage, CancellationToken cancellationToken)
    {
        var all = new List<FeedbackEntity>();
        await foreach (var row in storage.Table(StorageNames.Feedback).QueryAsync<FeedbackEntity>(cancellationToken: cancellationToken)) all.Add(row);
        return all;
    }
}

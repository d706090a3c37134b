using System.Text;
using ClausesSociales.Classification;
using ClausesSociales.Digests;
using ClausesSociales.Storage;

namespace ClausesSociales.Pipeline;

/// <summary>
/// The labels file the console's "Réentraîner" button drops in training/, where the Retrain
/// trigger reads it (<see cref="RetrainHandler"/>): the layout of <see cref="TrainingSet.ApplyAdminLabels"/>
/// (<c>noticeId,lotId,social,reserved,green</c>), one line per lot buyers answered about, the last
/// answer per label (1 "Intéressé", 0 "Pas pertinent", empty when no buyer answered for that
/// label). The trainer reads every stored lot with its declared markers itself; the file records
/// what the buyers said when the retraining was asked for. Its blob name is a hash of its content,
/// so the same labels are queued once: a second click changes nothing.
/// </summary>
public sealed class RetrainLabels(ClausesStorage storage)
{
    public const string Prefix = "console-";

    public async Task<QueuedLabels> QueueAsync(CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var csv = Build(await FeedbackEntity.ReadAllAsync(storage, cancellationToken), out var lots);
        var name = $"{Prefix}{Hashes.Hex(csv, 16)}.csv";
        var blob = storage.Container(StorageNames.Training).GetBlobClient(name);
        try
        {
            await blob.UploadAsync(BinaryData.FromString(csv), overwrite: false, cancellationToken);
            return new QueuedLabels(name, lots, AlreadyQueued: false);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 409)
        {
            return new QueuedLabels(name, lots, AlreadyQueued: true);
        }
    }

    public static string Build(IEnumerable<FeedbackEntity> feedback, out int lots)
    {
        var latest = feedback.Where(f => Labels.All.Contains(f.Label) && FeedbackVerdicts.Parse(f.Verdict) is not null)
            .GroupBy(f => (f.NoticeId, f.LotId))
            .OrderBy(g => g.Key.NoticeId, StringComparer.Ordinal).ThenBy(g => g.Key.LotId, StringComparer.Ordinal)
            .ToList();
        var csv = new StringBuilder("noticeId,lotId,social,reserved,green\n");
        foreach (var lot in latest)
        {
            string Value(string label) => lot.Where(f => f.Label == label).MaxBy(f => f.At) is { } answer
                ? FeedbackVerdicts.Parse(answer.Verdict) == FeedbackVerdict.Interested ? "1" : "0"
                : "";
            csv.Append($"{Structures.Csv.Field(lot.Key.NoticeId)},{Structures.Csv.Field(lot.Key.LotId)},{Value(Labels.Social)},{Value(Labels.Reserved)},{Value(Labels.Green)}\n");
        }
        lots = latest.Count;
        return csv.ToString();
    }
}

/// <summary>The labels file dropped in training/: its name, how many lots it labels, and whether the same file was already there.</summary>
public sealed record QueuedLabels(string BlobName, int Lots, bool AlreadyQueued);

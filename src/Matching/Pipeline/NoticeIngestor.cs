using ClausesSociales.Notices;
using ClausesSociales.Storage;

namespace ClausesSociales.Pipeline;

/// <summary>
/// Stores local notice files as raw-notice blobs and runs ParseNotice on each, as the blob
/// trigger would. A file is named after the notice it holds (source, publication date, id), so
/// ingesting the same files again rewrites the same blobs and rows.
/// </summary>
public sealed class NoticeIngestor(ClausesStorage storage, NoticeParser parser, ParseNoticeHandler handler, TimeProvider clock)
{
    public async Task<IngestSummary> IngestAsync(IReadOnlyList<string> files, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var outcomes = new List<(string File, ParseOutcome Outcome)>();
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var content = BinaryData.FromBytes(await File.ReadAllBytesAsync(file, cancellationToken));
            var blobName = NameFor(file, content);
            await storage.RawNotices.GetBlobClient(blobName).UploadAsync(content, overwrite: true, cancellationToken);
            var outcome = await handler.HandleAsync(blobName, content, cancellationToken);
            outcomes.Add((file, outcome));
            progress?.Report(new IngestProgress(i + 1, files.Count, file, outcome));
        }
        return new IngestSummary(
            files.Count,
            outcomes.Count(o => o.Outcome.Success),
            outcomes.Sum(o => o.Outcome.Notices.Count),
            outcomes.Sum(o => o.Outcome.Lots),
            outcomes.Where(o => !o.Outcome.Success).Select(o => new RejectedFile(o.File, o.Outcome.BlobName, o.Outcome.Error!, o.Outcome.Position)).ToList())
        {
            Outcomes = outcomes.Select(o => o.Outcome).ToList(),
        };
    }

    /// <summary>The blob name of a file: from its single notice when it parses, else from the file name and today's date.</summary>
    public string NameFor(string file, BinaryData content)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        try
        {
            var parsed = parser.Parse(file, content.ToMemory());
            var first = parsed.Notices[0];
            var source = first.Source;
            var extension = RawNoticeNames.Extension(parsed.Format, file);
            if (parsed.Notices.Count == 1)
            {
                return RawNoticeNames.For(source, first.PublicationDate ?? today, first.NoticeId, extension);
            }
            var latest = parsed.Notices.Select(n => n.PublicationDate).Max() ?? today;
            return RawNoticeNames.For(source, latest, Path.GetFileNameWithoutExtension(file), extension);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Named from the file alone; ParseNotice then quarantines it with the reason.
            return RawNoticeNames.For("unknown", today, Path.GetFileNameWithoutExtension(file), RawNoticeNames.Extension(null, file));
        }
    }
}

public sealed record IngestProgress(int Done, int Total, string File, ParseOutcome Outcome);

public sealed record RejectedFile(string File, string BlobName, string Reason, string? Position);

public sealed record IngestSummary(int Files, int ParsedFiles, int Notices, int Lots, IReadOnlyList<RejectedFile> Rejected)
{
    /// <summary>What ParseNotice did with each file, in order.</summary>
    public IReadOnlyList<ParseOutcome> Outcomes { get; init; } = [];
}

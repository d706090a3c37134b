using Azure;
using ClausesSociales.Notices;
using ClausesSociales.Storage;

namespace ClausesSociales.Pipeline;

/// <summary>
/// Stores local notice files as raw-notice blobs and runs ParseNotice on each, as the blob
/// trigger would. A file is named after the notice it holds (source, publication date, id), so
/// ingesting the same files again rewrites the same blobs and rows.
/// </summary>
public sealed class NoticeIngestor(ClausesStorage storage, NoticeParser parser, ParseNoticeHandler handler, TimeProvider clock, int concurrency = 1)
{
    /// <summary>Ingests the files, <c>concurrency</c> at a time; the summary lists them in the order given.</summary>
    /// <param name="beforeNewLots">As <see cref="ParseNoticeHandler.StoreAsync"/>: work on a new notice's lots before they are written.</param>
    public async Task<IngestSummary> IngestAsync(IReadOnlyList<string> files, IProgress<IngestProgress>? progress, CancellationToken cancellationToken,
        Func<ParsedNotice, IReadOnlyList<LotEntity>, CancellationToken, Task>? beforeNewLots = null)
    {
        await storage.EnsureCreatedAsync(cancellationToken);
        var results = new ParseOutcome[files.Count];
        var done = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), options, async (i, ct) =>
        {
            results[i] = await IngestFileAsync(files[i], ct, beforeNewLots);
            progress?.Report(new IngestProgress(Interlocked.Increment(ref done), files.Count, files[i], results[i]));
        });
        var outcomes = files.Select((file, i) => (File: file, Outcome: results[i])).ToList();
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

    /// <summary>
    /// Reads, parses (once), stores and records one file; a file that cannot be read or stored is
    /// reported, never thrown. The storage must exist (<see cref="ClausesStorage.EnsureCreatedAsync"/>).
    /// </summary>
    /// <param name="beforeNewLots">As <see cref="ParseNoticeHandler.StoreAsync"/>: work on a new notice's lots before they are written.</param>
    public async Task<ParseOutcome> IngestFileAsync(string file, CancellationToken cancellationToken,
        Func<ParsedNotice, IReadOnlyList<LotEntity>, CancellationToken, Task>? beforeNewLots = null)
    {
        BinaryData content;
        try
        {
            content = BinaryData.FromBytes(await File.ReadAllBytesAsync(file, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ParseOutcome.Rejected(file, $"cannot read the file: {ex.Message}", "");
        }
        var attempt = parser.TryParse(file, content.ToMemory());
        var blobName = NameFor(file, attempt);
        try
        {
            await storage.RawNotices.GetBlobClient(blobName).UploadAsync(content, overwrite: true, cancellationToken);
            return await handler.StoreAsync(blobName, content, attempt, cancellationToken, beforeNewLots);
        }
        catch (RequestFailedException ex)
        {
            // Storage itself failing (not one notice refused, which StoreAsync reports): the file is not lost, it is still on disk and named here.
            return ParseOutcome.Rejected(blobName, $"storage failed ({ex.Status} {ex.ErrorCode}): {ex.Message.Split('\n', 2)[0]}", "");
        }
    }

    /// <summary>
    /// A file holding one notice is named after it, so that the same notice from any file is the
    /// same blob. Other files (several notices, or unreadable) are named from the file name with a
    /// hash of its full path: two files of the same name in two folders never share a blob or an
    /// Errors row, and the same file ingested again is the same blob.
    /// </summary>
    public string NameFor(string file, ParseAttempt attempt)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var fromFile = Path.GetFileNameWithoutExtension(file) + "-" + Hashes.Hex(Path.GetFullPath(file), 8);
        if (attempt.Parsed is not { } parsed)
        {
            return RawNoticeNames.For("unknown", today, fromFile, RawNoticeNames.Extension(null, file));
        }
        var first = parsed.Notices[0];
        var extension = RawNoticeNames.Extension(parsed.Format, file);
        if (parsed.Notices.Count == 1)
        {
            return RawNoticeNames.For(first.Source, first.PublicationDate ?? today, first.NoticeId, extension);
        }
        var latest = parsed.Notices.Select(n => n.PublicationDate).Max() ?? today;
        return RawNoticeNames.For(first.Source, latest, fromFile, extension);
    }
}

public sealed record IngestProgress(int Done, int Total, string File, ParseOutcome Outcome);

public sealed record RejectedFile(string File, string BlobName, string Reason, string? Position);

public sealed record IngestSummary(int Files, int ParsedFiles, int Notices, int Lots, IReadOnlyList<RejectedFile> Rejected)
{
    /// <summary>What ParseNotice did with each file, in order.</summary>
    public IReadOnlyList<ParseOutcome> Outcomes { get; init; } = [];
}

using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// The message ParseNotice leaves for each notice it stored, on the parsed-notices queue in the
/// Functions app: <c>{"source":"ted","noticeId":"00712345-2026"}</c>.
/// </summary>
public sealed record ParsedNotice(string Source, string NoticeId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToMessage() => JsonSerializer.Serialize(this, Json);

    public static ParsedNotice FromMessage(string message)
    {
        ParsedNotice? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<ParsedNotice>(message, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"parsed-notice message is not JSON: {ex.Message}", ex);
        }
        return parsed is { Source.Length: > 0, NoticeId.Length: > 0 } ? parsed
            : throw new FormatException("parsed-notice message needs \"source\" and \"noticeId\"");
    }

    public static IReadOnlyList<string> MessagesFor(ParseOutcome outcome) => outcome.Notices.Select(n => new ParsedNotice(n.Source, n.NoticeId).ToMessage()).ToList();
}

/// <summary>
/// ClassifyAndMatch: a parsed notice's lots are classified with the current model, then matched
/// with the structures (whose index is reloaded when older than <see cref="StructuresMaxAge"/>,
/// so an import reaches the running app). Both steps are idempotent.
/// </summary>
public sealed class ClassifyAndMatchHandler(ClassifyLotsHandler classify, MatchLotsHandler match, TimeProvider clock, ILogger<ClassifyAndMatchHandler> logger)
{
    public static readonly TimeSpan StructuresMaxAge = TimeSpan.FromMinutes(30);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _structuresLoadedAt;

    public Task<ClassifyAndMatchOutcome> HandleAsync(string message, CancellationToken cancellationToken) =>
        HandleAsync(ParsedNotice.FromMessage(message), cancellationToken);

    public async Task<ClassifyAndMatchOutcome> HandleAsync(ParsedNotice notice, CancellationToken cancellationToken)
    {
        await EnsureStructuresAsync(cancellationToken);
        var classified = await classify.HandleAsync(notice.Source, notice.NoticeId, cancellationToken);
        var matches = await match.HandleAsync(notice.Source, notice.NoticeId, cancellationToken);
        logger.LogInformation("{Source}/{NoticeId}: {Classified} lots classified, {Matches} matches", notice.Source, notice.NoticeId, classified, matches);
        return new ClassifyAndMatchOutcome(classified, matches);
    }

    /// <summary>Reads the structures table now (after an import, say) and returns how many structures it holds.</summary>
    public Task<int> LoadStructuresAsync(CancellationToken cancellationToken) => LoadAsync(force: true, cancellationToken);

    private Task EnsureStructuresAsync(CancellationToken cancellationToken) =>
        Fresh() ? Task.CompletedTask : LoadAsync(force: false, cancellationToken);

    private bool Fresh() => _structuresLoadedAt is { } at && clock.GetUtcNow() - at < StructuresMaxAge;

    private async Task<int> LoadAsync(bool force, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Messages handled side by side wait here for one load, not one each.
            if (!force && Fresh()) return 0;
            var count = await match.LoadStructuresAsync(cancellationToken);
            _structuresLoadedAt = clock.GetUtcNow();
            return count;
        }
        finally
        {
            _gate.Release();
        }
    }
}

public sealed record ClassifyAndMatchOutcome(int Classified, int Matches);

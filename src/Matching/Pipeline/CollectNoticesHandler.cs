using ClausesSociales.Collection;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Pipeline;

/// <summary>
/// CollectNotices: the daily collection from every source (BOAMP, TED). Each source resumes from
/// its own cursor; a source that fails (API down after every retry, an answer we cannot read) is
/// recorded in the Errors table and the other sources are still collected.
/// </summary>
public sealed class CollectNoticesHandler(ClausesStorage storage, BoampCollector boamp, TedCollector ted, ILogger<CollectNoticesHandler> logger)
{
    public const string Stage = "CollectNotices";
    public static readonly string[] Sources = [BoampCollector.Source, TedCollector.Source];

    /// <summary>How far back a first run looks; later runs resume from their cursor.</summary>
    public static readonly int FirstRunDays = 3;

    /// <param name="today">The day of the run (the timer's schedule day, or the CLI's today).</param>
    /// <param name="since">The first publication day; by default <see cref="FirstRunDays"/> before <paramref name="today"/>.</param>
    public async Task<CollectRun> HandleAsync(IReadOnlyCollection<string> sources, DateOnly today, DateOnly? since, bool parseNow, CancellationToken cancellationToken)
    {
        var unknown = sources.Except(Sources, StringComparer.OrdinalIgnoreCase).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown source(s) {string.Join(", ", unknown)}: use {string.Join(" or ", Sources)}", nameof(sources));
        await storage.EnsureCreatedAsync(cancellationToken);
        var first = since ?? today.AddDays(-FirstRunDays);
        var summaries = new List<CollectSummary>();
        var failures = new List<string>();
        foreach (var source in sources.Select(s => s.ToLowerInvariant()).Distinct())
        {
            try
            {
                summaries.Add(source == BoampCollector.Source
                    ? await boamp.CollectAsync(first, cancellationToken, parseNow)
                    : await ted.CollectAsync(first, cancellationToken, parseNow));
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Collecting {Source} failed", source);
                failures.Add($"{source}: {ex.Message}");
                await CollectionSteps.RecordFailureAsync(storage, $"{source}-{today:yyyy-MM-dd}", source, $"{ex.GetType().Name}: {ex.Message}", cancellationToken);
            }
        }
        return new CollectRun(summaries, failures);
    }
}

public sealed record CollectRun(IReadOnlyList<CollectSummary> Sources, IReadOnlyList<string> Failures)
{
    public IReadOnlyList<(string Source, string NoticeId)> Notices => Sources.SelectMany(s => s.Notices).Distinct().ToList();
}

using ClausesSociales.Digests;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Azure.WebJobs;

namespace ClausesSociales.Cli;

/// <summary>
/// The functions of functions/ on the WebJobs SDK, the engine under Azure Functions triggers, so
/// that `clauses host` runs the same triggers for real on a laptop: timers, blob triggers on
/// raw-notices/ and training/, the parsed-notices queue. Same handlers, same inputs.
/// </summary>
public sealed class HostedFunctions(
    CollectNoticesHandler collect,
    ParseNoticeHandler parse,
    ClassifyAndMatchHandler classifyAndMatch,
    WeeklyDigestHandler digests,
    AlertsHandler alerts,
    RetrainHandler retrain,
    RescoreHandler rescore,
    Web.BoardIndexer board,
    TimeProvider clock)
{
    private const string Storage = "Storage";

    public Task CollectNotices([TimerTrigger("%COLLECT_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        collect.HandleAsync(CollectNoticesHandler.Sources, IsoWeeks.ParisDay(clock.GetUtcNow()), since: null, parseNow: false, cancellationToken);

    public async Task ParseNotice(
        [BlobTrigger($"{StorageNames.RawNotices}/{{name}}", Connection = Storage)] byte[] content, string name,
        [Queue(StorageNames.ParsedNoticesQueue, Connection = Storage)] IAsyncCollector<string> parsed, CancellationToken cancellationToken)
    {
        foreach (var message in ParsedNotice.MessagesFor(await parse.HandleAsync(name, new BinaryData(content), cancellationToken)))
        {
            await parsed.AddAsync(message, cancellationToken);
        }
    }

    public async Task ClassifyAndMatch([QueueTrigger(StorageNames.ParsedNoticesQueue, Connection = Storage)] string message, CancellationToken cancellationToken)
    {
        var notice = ParsedNotice.FromMessage(message);
        var outcome = await classifyAndMatch.HandleAsync(notice, cancellationToken);
        await board.IndexNoticeAsync(notice.Source, notice.NoticeId, outcome.Lots, outcome.MatchRows, cancellationToken);
    }

    public Task WeeklyDigest([TimerTrigger("%DIGEST_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        digests.HandleAsync(IsoWeeks.InParis(clock.GetUtcNow()), send: true, cancellationToken);

    public Task Alerts([TimerTrigger("%ALERTS_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        alerts.HandleAsync(cancellationToken);

    public async Task Retrain([BlobTrigger($"{StorageNames.Training}/{{name}}", Connection = Storage)] byte[] content, string name, CancellationToken cancellationToken)
    {
        if ((await retrain.HandleAsync($"{StorageNames.Training}/{name}", new BinaryData(content), cancellationToken)).Promoted) await rescore.HandleAsync(null, cancellationToken);
    }
}

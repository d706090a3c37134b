using ClausesSociales.Digests;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ClausesSociales.Functions;

/// <summary>
/// The pipeline's triggers. Each function hands what its trigger gives to a handler of the core
/// (src/Matching/Pipeline), where the logic and its tests live. Storage is the "Storage"
/// connection: Azurite locally, the account by managed identity in Azure (Storage__serviceUri,
/// Storage__queueServiceUri, Storage__clientId). Blob triggers use Event Grid, as Flex
/// Consumption requires (infra/app/events.bicep subscribes them).
/// </summary>
public sealed class PipelineFunctions(
    CollectNoticesHandler collect,
    ParseNoticeHandler parse,
    ClassifyAndMatchHandler classifyAndMatch,
    WeeklyDigestHandler digests,
    AlertsHandler alerts,
    RetrainHandler retrain,
    RescoreHandler rescore,
    UnsubscribeHandler unsubscribe,
    FeedbackHandler feedback,
    ClausesSociales.Web.BoardIndexer board,
    TimeProvider clock)
{
    private const string Storage = "Storage";

    [Function("CollectNotices")]
    public Task CollectNotices([TimerTrigger("%COLLECT_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        collect.HandleAsync(CollectNoticesHandler.Sources, IsoWeeks.ParisDay(clock.GetUtcNow()), since: null, parseNow: false, cancellationToken);

    [Function("ParseNotice")]
    [QueueOutput(StorageNames.ParsedNoticesQueue, Connection = Storage)]
    public async Task<string[]> ParseNotice(
        [BlobTrigger($"{StorageNames.RawNotices}/{{name}}", Source = BlobTriggerSource.EventGrid, Connection = Storage)] byte[] content, string name, CancellationToken cancellationToken) =>
        [.. ParsedNotice.MessagesFor(await parse.HandleAsync(name, new BinaryData(content), cancellationToken))];

    [Function("ClassifyAndMatch")]
    public async Task ClassifyAndMatch([QueueTrigger(StorageNames.ParsedNoticesQueue, Connection = Storage)] string message, CancellationToken cancellationToken)
    {
        var notice = ParsedNotice.FromMessage(message);
        var outcome = await classifyAndMatch.HandleAsync(notice, cancellationToken);
        await board.IndexNoticeAsync(notice.Source, notice.NoticeId, outcome.Lots, outcome.MatchRows, cancellationToken);
    }

    [Function("WeeklyDigest")]
    public Task WeeklyDigest([TimerTrigger("%DIGEST_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        digests.HandleAsync(IsoWeeks.InParis(clock.GetUtcNow()), send: true, cancellationToken);

    [Function("Alerts")]
    public Task Alerts([TimerTrigger("%ALERTS_SCHEDULE%")] TimerInfo timer, CancellationToken cancellationToken) =>
        alerts.HandleAsync(cancellationToken);

    [Function("Retrain")]
    public async Task Retrain(
        [BlobTrigger($"{StorageNames.Training}/{{name}}", Source = BlobTriggerSource.EventGrid, Connection = Storage)] byte[] content, string name, CancellationToken cancellationToken)
    {
        // A promoted model rescores every open lot it has not scored yet (resumable if the function is stopped).
        if ((await retrain.HandleAsync($"{StorageNames.Training}/{name}", new BinaryData(content), cancellationToken)).Promoted) await rescore.HandleAsync(null, cancellationToken);
    }

    [Function("Unsubscribe")]
    public async Task<IActionResult> Unsubscribe([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "api/unsubscribe")] HttpRequest request, CancellationToken cancellationToken)
    {
        var q = request.Query;
        return Page(request, "Désabonnement", await unsubscribe.HandleAsync(q["kind"], q["id"], q["email"], q["token"], apply: HttpMethods.IsPost(request.Method), cancellationToken));
    }

    [Function("Feedback")]
    public async Task<IActionResult> Feedback([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "api/feedback")] HttpRequest request, CancellationToken cancellationToken) =>
        Page(request, "Votre avis", await feedback.HandleAsync(request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), apply: HttpMethods.IsPost(request.Method), cancellationToken));

    private static ContentResult Page(HttpRequest request, string title, LinkOutcome outcome) =>
        WebFunctions.Send(request, new ClausesSociales.Web.WebPage(outcome.Status, ResponsePage.Html(title, outcome)));
}

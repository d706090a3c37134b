using ClausesSociales.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ClausesSociales.Functions;

/// <summary>
/// The public pages (src/Matching/Web), on the same routes as `clauses host`: host.json sets an
/// empty route prefix, so the board answers "/" through a catch-all, which routing tries last.
/// Every page goes out with <see cref="SecurityHeaders"/>.
/// </summary>
public sealed class WebFunctions(LotsBoardPage board, LotPage lot, StructuresPage structures, PendingStructurePage pending, StructureSubscribePage subscribe,
    ConfirmSubscriptionPage confirm, ManageSubscriptionPage manage, DigestWebPage digest, ObservatoryPage observatory)
{
    [Function("LotsBoard")]
    public async Task<IActionResult> LotsBoard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{*path}")] HttpRequest request, string? path, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(path)
            ? Send(request, await board.HandleAsync(request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), cancellationToken))
            : Send(request, Refusals.Status(404));

    [Function("Lot")]
    public async Task<IActionResult> Lot([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "lots/{source}/{noticeId}/{lotId}")] HttpRequest request,
        string source, string noticeId, string lotId, CancellationToken cancellationToken) =>
        Send(request, await lot.HandleAsync(source, noticeId, lotId, cancellationToken));

    [Function("Structures")]
    public async Task<IActionResult> Structures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "structures")] HttpRequest request, CancellationToken cancellationToken) =>
        Send(request, await structures.HandleAsync(request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), cancellationToken));

    [Function("Observatory")]
    public async Task<IActionResult> Observatory([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "observatoire")] HttpRequest request, CancellationToken cancellationToken) =>
        Send(request, await observatory.HandleAsync(request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), cancellationToken));

    [Function("PendingStructure")]
    public Task<IActionResult> PendingStructure([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "structures/ajout")] HttpRequest request, CancellationToken cancellationToken) =>
        Form(request, r => pending.HandleAsync(r, cancellationToken));

    [Function("StructureSubscribe")]
    public Task<IActionResult> StructureSubscribe([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "structures/{siret}/alertes")] HttpRequest request, string siret, CancellationToken cancellationToken) =>
        Form(request, r => subscribe.HandleAsync(siret, r, cancellationToken));

    [Function("ConfirmSubscription")]
    public Task<IActionResult> ConfirmSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "structures/{siret}/confirmation")] HttpRequest request, string siret, CancellationToken cancellationToken) =>
        Form(request, r => confirm.HandleAsync(siret, r, cancellationToken));

    [Function("ManageStructureSubscription")]
    public Task<IActionResult> ManageStructureSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "structures/{siret}/abonnement")] HttpRequest request, string siret, CancellationToken cancellationToken) =>
        Form(request, r => manage.HandleAsync(Digests.SubscriberKind.Structure, siret, r, cancellationToken));

    [Function("ManageBuyerSubscription")]
    public Task<IActionResult> ManageBuyerSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "digests/{buyer}/abonnement")] HttpRequest request, string buyer, CancellationToken cancellationToken) =>
        Form(request, r => manage.HandleAsync(Digests.SubscriberKind.Buyer, buyer, r, cancellationToken));

    [Function("DigestWeb")]
    public Task<IActionResult> DigestWeb([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "digests/{buyer}/{isoWeek}")] HttpRequest request, string buyer, string isoWeek, CancellationToken cancellationToken) =>
        Form(request, r => digest.HandleAsync(buyer, isoWeek, r, cancellationToken));

    /// <summary>The host side of the form pages, the same as WebRoutes.Form (src/Cli/WebForms.cs, compiled here too).</summary>
    public static async Task<IActionResult> Form(HttpRequest request, Func<WebRequest, Task<WebPage>> handle) =>
        Send(request, await Cli.WebForms.RequestAsync(request.HttpContext) is { } web ? await handle(web) : Cli.WebForms.Unread(request.HttpContext, Cli.WebForms.MaxFormBytes));

    /// <summary>The page with the security headers, as every HTML answer of the app.</summary>
    public static ContentResult Send(HttpRequest request, WebPage page)
    {
        SecurityHeaders.Apply(request.HttpContext.Response.Headers);
        return new() { StatusCode = page.Status, ContentType = WebPage.ContentType, Content = page.Html };
    }
}

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
    ConfirmSubscriptionPage confirm, ManageSubscriptionPage manage, DigestWebPage digest)
{
    [Function("LotsBoard")]
    public async Task<IActionResult> LotsBoard([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{*path}")] HttpRequest request, string? path, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(path)
            ? Send(request, await board.HandleAsync(request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), cancellationToken))
            : Send(request, new WebPage(404, Html.Page("Page introuvable", "<p class=\"empty\">Cette page n'existe pas. <a href=\"/\">Retour aux lots</a></p>")));

    [Function("Lot")]
    public async Task<IActionResult> Lot([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "lots/{source}/{noticeId}/{lotId}")] HttpRequest request,
        string source, string noticeId, string lotId, CancellationToken cancellationToken) =>
        Send(request, await lot.HandleAsync(source, noticeId, lotId, cancellationToken));

    [Function("Structures")]
    public async Task<IActionResult> Structures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "structures")] HttpRequest request, CancellationToken cancellationToken) =>
        Send(request, await structures.HandleAsync(request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), cancellationToken));

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

    /// <summary>Largest form body our pages take, as in `clauses host` (src/Cli/WebRoutes.cs).</summary>
    public const int MaxFormBytes = 16 * 1024;

    private static readonly Microsoft.AspNetCore.Http.Features.FormOptions FormLimits = new() { BufferBodyLengthLimit = MaxFormBytes, ValueCountLimit = 200, ValueLengthLimit = 4 * 1024, KeyLengthLimit = 64, MultipartBodyLengthLimit = MaxFormBytes };

    /// <summary>The host side of the form pages, the same as WebRoutes.Form: anti-forgery cookie in and out, query, form fields within limits.</summary>
    public static async Task<IActionResult> Form(HttpRequest request, Func<WebRequest, Task<WebPage>> handle)
    {
        var sent = request.Cookies[AntiForgery.CookieName];
        var cookie = AntiForgery.CookieOrNew(sent, out var isNew);
        if (isNew) request.HttpContext.Response.Headers.Append("Set-Cookie", AntiForgery.SetCookie(cookie, request.IsHttps));
        var isPost = HttpMethods.IsPost(request.Method);
        var fields = new Dictionary<string, string?>();
        if (isPost)
        {
            var tooLong = new WebPage(413, Html.Page("Demande trop longue", "<p class=\"empty\" role=\"alert\">Ce formulaire est trop long.</p>"));
            if (request.ContentLength > MaxFormBytes) return Send(request, tooLong);
            if (request.HasFormContentType)
            {
                try
                {
                    foreach (var (key, value) in await request.ReadFormAsync(FormLimits, request.HttpContext.RequestAborted)) fields[key] = value.ToString();
                }
                catch (InvalidDataException)
                {
                    return Send(request, tooLong);
                }
            }
        }
        return Send(request, await handle(new WebRequest(isPost, request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), fields, sent, cookie)));
    }

    /// <summary>The page with the security headers, as every HTML answer of the app.</summary>
    public static ContentResult Send(HttpRequest request, WebPage page)
    {
        SecurityHeaders.Apply(request.HttpContext.Response.Headers);
        return new() { StatusCode = page.Status, ContentType = WebPage.ContentType, Content = page.Html };
    }
}

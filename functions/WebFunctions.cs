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
public sealed class WebFunctions(LotsBoardPage board, LotPage lot, StructuresPage structures)
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

    /// <summary>The page with the security headers, as every HTML answer of the app.</summary>
    public static ContentResult Send(HttpRequest request, WebPage page)
    {
        SecurityHeaders.Apply(request.HttpContext.Response.Headers);
        return new() { StatusCode = page.Status, ContentType = WebPage.ContentType, Content = page.Html };
    }
}

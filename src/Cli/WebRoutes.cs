using ClausesSociales.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClausesSociales.Cli;

/// <summary>The pages of src/Matching/Web on `clauses host`, on the same routes as the HTTP functions of functions/.</summary>
internal static class WebRoutes
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/", async (HttpRequest request, LotsBoardPage page, CancellationToken ct) => Send(await page.HandleAsync(Query(request), ct)));
        app.MapGet("/lots/{source}/{noticeId}/{lotId}", async (string source, string noticeId, string lotId, LotPage page, CancellationToken ct) =>
            Send(await page.HandleAsync(source, noticeId, lotId, ct)));
        var admin = app.MapGroup("/admin").AddEndpointFilter(async (context, next) =>
            IsLoopback(context.HttpContext) ? await next(context)
                : Send(new WebPage(403, Html.Page("Accès refusé", "<p class=\"empty\">La console d'administration n'est ouverte qu'aux administrateurs connectés ; sur ce poste, seulement depuis la machine elle-même.</p>"))));
        admin.MapGet("", async (AdminPage page, CancellationToken ct) => Send(await page.HandleAsync(ct)));
        app.MapGet("/structures", async (HttpRequest request, StructuresPage page, CancellationToken ct) => Send(await page.HandleAsync(Query(request), ct)));
    }

    /// <summary>`clauses host` has no sign-in: the admin routes answer requests from this machine only.</summary>
    public static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);

    public static IReadOnlyDictionary<string, string?> Query(HttpRequest request) => request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    public static IResult Send(WebPage page) => Results.Content(page.Html, WebPage.ContentType, statusCode: page.Status);
}

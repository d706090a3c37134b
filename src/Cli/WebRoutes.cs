using ClausesSociales.Digests;
using ClausesSociales.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

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
        MapAdmin(admin);
        app.MapGet("/structures", async (HttpRequest request, StructuresPage page, CancellationToken ct) => Send(await page.HandleAsync(Query(request), ct)));
        app.MapGet(ObservatoryPage.Path, async (HttpRequest request, ObservatoryPage page, CancellationToken ct) => Send(await page.HandleAsync(Query(request), ct)));
        string[] getPost = ["GET", "POST"];
        app.MapMethods("/structures/ajout", getPost, (HttpContext context, PendingStructurePage page, CancellationToken ct) =>
            Form(context, r => page.HandleAsync(r, ct)));
        app.MapMethods("/structures/{siret}/alertes", getPost, (string siret, HttpContext context, StructureSubscribePage page, CancellationToken ct) =>
            Form(context, r => page.HandleAsync(siret, r, ct)));
        app.MapMethods("/structures/{siret}/confirmation", getPost, (string siret, HttpContext context, ConfirmSubscriptionPage page, CancellationToken ct) =>
            Form(context, r => page.HandleAsync(siret, r, ct)));
        app.MapMethods("/structures/{siret}/abonnement", getPost, (string siret, HttpContext context, ManageSubscriptionPage page, CancellationToken ct) =>
            Form(context, r => page.HandleAsync(SubscriberKind.Structure, siret, r, ct)));
        app.MapMethods("/digests/{buyer}/abonnement", getPost, (string buyer, HttpContext context, ManageSubscriptionPage page, CancellationToken ct) =>
            Form(context, r => page.HandleAsync(SubscriberKind.Buyer, buyer, r, ct)));
        app.MapGet("/digests/{buyer}/{isoWeek}", (string buyer, string isoWeek, HttpContext context, DigestWebPage page, CancellationToken ct) =>
            Form(context, r => page.HandleAsync(buyer, isoWeek, r, ct)));
    }

    /// <summary>A public form page on `clauses host`: the request read by <see cref="WebForms.RequestAsync"/>, then the page sent.</summary>
    public static async Task<IResult> Form(HttpContext context, Func<WebRequest, Task<WebPage>> handle) =>
        Send(await WebForms.RequestAsync(context) is { } request ? await handle(request) : WebForms.Unread(context, WebForms.MaxFormBytes));

    /// <summary>The console's pages and actions: GETs only read, every change is a POST whose anti-forgery token the handler checks first.</summary>
    private static void MapAdmin(RouteGroupBuilder admin)
    {
        admin.MapGet("", async (HttpContext context, AdminPage page, CancellationToken ct) => Send(await page.HandleAsync(WebForms.Cookie(context), Query(context.Request), ct)));
        admin.MapGet("/quarantine/file", async (HttpContext context, AdminQuarantine quarantine, CancellationToken ct) =>
            await quarantine.FileAsync(Query(context.Request), ct) is { } file ? WebForms.Send(file, context) : Send(AdminQuarantine.NoFile()));
        PostForm<AdminQuarantine>(admin, "/quarantine/retry", WebForms.MaxFormBytes, (q, form, cookie, ct) => q.RetryAsync(form, cookie, ct));
        PostForm<AdminQuarantine>(admin, "/quarantine/discard", WebForms.MaxFormBytes, (q, form, cookie, ct) => q.DiscardAsync(form, cookie, ct));
        admin.MapGet("/model", async (HttpContext context, AdminModelPage page, CancellationToken ct) => Send(await page.HandleAsync(WebForms.Cookie(context), ct)));
        PostForm<AdminModelPage>(admin, "/model/retrain", WebForms.MaxFormBytes, (page, form, cookie, ct) => page.RetrainAsync(form, cookie, ct));
        admin.MapGet("/structures", async (HttpContext context, AdminStructuresPage page, CancellationToken ct) => Send(await page.HandleAsync(WebForms.Cookie(context), ct)));
        PostForm<AdminStructuresPage>(admin, "/structures/import", AdminStructuresPage.MaxImportBytes, (page, form, cookie, ct) => page.ImportAsync(form, cookie, ct));
        PostForm<AdminStructuresPage>(admin, "/structures/pending/add", WebForms.MaxFormBytes, (page, form, cookie, ct) => page.AddPendingAsync(form, cookie, ct));
        PostForm<AdminStructuresPage>(admin, "/structures/pending/reject", WebForms.MaxFormBytes, (page, form, cookie, ct) => page.RejectPendingAsync(form, cookie, ct));
        PostForm<AdminStructuresPage>(admin, "/structures/subscriptions/delete", WebForms.MaxFormBytes, (page, form, cookie, ct) => page.DeleteSubscriptionAsync(form, cookie, ct));
    }

    /// <summary>A POST route whose form is read under <paramref name="maxBytes"/> and handed, with the anti-forgery cookie, to a page handler.</summary>
    private static void PostForm<THandler>(IEndpointRouteBuilder group, string pattern, long maxBytes, Func<THandler, WebForm, string, CancellationToken, Task<WebPage>> handle)
        where THandler : notnull =>
        group.MapPost(pattern, async (HttpContext context, CancellationToken ct) =>
            await WebForms.ReadAsync(context, maxBytes, ct) is { } form
                ? Send(await handle(context.RequestServices.GetRequiredService<THandler>(), form, WebForms.Cookie(context), ct))
                : Send(WebForms.Unread(context, maxBytes)));

    /// <summary>`clauses host` has no sign-in: the admin routes answer requests from this machine only.</summary>
    public static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);

    public static IReadOnlyDictionary<string, string?> Query(HttpRequest request) => request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    public static IResult Send(WebPage page) => Results.Content(page.Html, WebPage.ContentType, statusCode: page.Status);
}

using ClausesSociales.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ClausesSociales.Functions;

/// <summary>
/// The admin console (src/Matching/Web/Admin*.cs) on the same routes as `clauses host`. App Service
/// authentication (infra/app/function.bicep, authsettingsV2) signs admins in with Entra ID before
/// a request reaches /admin; each function also refuses a request without the principal header the
/// platform sets (<see cref="AdminPrincipal"/>), so no admin route is ever answered anonymously.
/// Reads are GETs; every change is a POST whose anti-forgery token the handler checks first.
/// Keep consistent by hand with src/Cli/WebRoutes.cs and src/Cli/WebForms.cs (this folder is not compiled in CI).
/// </summary>
public sealed class AdminFunctions(AdminPage overview, AdminQuarantine quarantine, AdminModelPage model, AdminStructuresPage structures)
{
    private const long MaxFormBytes = Cli.WebForms.MaxFormBytes;

    [Function("Admin")]
    public Task<IActionResult> Admin([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin")] HttpRequest request, CancellationToken cancellationToken) =>
        SignedInAsync(request, async () => WebFunctions.Send(request, await overview.HandleAsync(Cli.WebForms.Cookie(request.HttpContext), Query(request), cancellationToken)));

    [Function("AdminQuarantineFile")]
    public Task<IActionResult> QuarantineFile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/quarantine/file")] HttpRequest request, CancellationToken cancellationToken) =>
        SignedInAsync(request, async () =>
        {
            if (await quarantine.FileAsync(Query(request), cancellationToken) is not { } file) return WebFunctions.Send(request, AdminQuarantine.NoFile());
            SecurityHeaders.Apply(request.HttpContext.Response.Headers);
            request.HttpContext.Response.Headers.ContentDisposition = file.Disposition;
            return new FileContentResult(file.Content.ToArray(), WebFile.ContentType);
        });

    [Function("AdminQuarantineRetry")]
    public Task<IActionResult> Retry([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/quarantine/retry")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => quarantine.RetryAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminQuarantineDiscard")]
    public Task<IActionResult> Discard([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/quarantine/discard")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => quarantine.DiscardAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminModel")]
    public Task<IActionResult> Model([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/model")] HttpRequest request, CancellationToken cancellationToken) =>
        SignedInAsync(request, async () => WebFunctions.Send(request, await model.HandleAsync(Cli.WebForms.Cookie(request.HttpContext), cancellationToken)));

    [Function("AdminRetrain")]
    public Task<IActionResult> Retrain([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/model/retrain")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => model.RetrainAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminStructures")]
    public Task<IActionResult> Structures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/structures")] HttpRequest request, CancellationToken cancellationToken) =>
        SignedInAsync(request, async () => WebFunctions.Send(request, await structures.HandleAsync(Cli.WebForms.Cookie(request.HttpContext), cancellationToken)));

    [Function("AdminStructuresImport")]
    public Task<IActionResult> Import([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/structures/import")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, AdminStructuresPage.MaxImportBytes, (form, cookie) => structures.ImportAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminPendingAdd")]
    public Task<IActionResult> AddPending([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/structures/pending/add")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => structures.AddPendingAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminPendingReject")]
    public Task<IActionResult> RejectPending([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/structures/pending/reject")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => structures.RejectPendingAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminSubscriptionDelete")]
    public Task<IActionResult> DeleteSubscription([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/structures/subscriptions/delete")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => structures.DeleteSubscriptionAsync(form, cookie, cancellationToken), cancellationToken);

    private static async Task<IActionResult> SignedInAsync(HttpRequest request, Func<Task<IActionResult>> answer) =>
        AdminPrincipal.FromPlatform(request.Headers[AdminPrincipal.Header], Environment.GetEnvironmentVariable(AdminPrincipal.PlatformSetting)) is null ? WebFunctions.Send(request, AdminPrincipal.Refused()) : await answer();

    private static Task<IActionResult> PostAsync(HttpRequest request, long maxBytes, Func<WebForm, string, Task<WebPage>> handle, CancellationToken cancellationToken) =>
        SignedInAsync(request, async () => await Cli.WebForms.ReadAsync(request.HttpContext, maxBytes, cancellationToken) is { } form
            ? WebFunctions.Send(request, await handle(form, Cli.WebForms.Cookie(request.HttpContext)))
            : WebFunctions.Send(request, Cli.WebForms.Unread(request.HttpContext, maxBytes)));

    private static IReadOnlyDictionary<string, string?> Query(HttpRequest request) => request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString());
}

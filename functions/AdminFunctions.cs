using ClausesSociales.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
    private const long MaxFormBytes = 64 * 1024;

    [Function("Admin")]
    public Task<IActionResult> Admin([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin")] HttpRequest request, CancellationToken cancellationToken) =>
        SignedInAsync(request, async () => WebFunctions.Send(request, await overview.HandleAsync(Cookie(request), Query(request), cancellationToken)));

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
        SignedInAsync(request, async () => WebFunctions.Send(request, await model.HandleAsync(Cookie(request), cancellationToken)));

    [Function("AdminRetrain")]
    public Task<IActionResult> Retrain([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/model/retrain")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => model.RetrainAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminStructures")]
    public Task<IActionResult> Structures([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/structures")] HttpRequest request, CancellationToken cancellationToken) =>
        SignedInAsync(request, async () => WebFunctions.Send(request, await structures.HandleAsync(Cookie(request), cancellationToken)));

    [Function("AdminStructuresImport")]
    public Task<IActionResult> Import([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/structures/import")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, AdminStructuresPage.MaxImportBytes, (form, cookie) => structures.ImportAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminPendingAdd")]
    public Task<IActionResult> AddPending([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/structures/pending/add")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => structures.AddPendingAsync(form, cookie, cancellationToken), cancellationToken);

    [Function("AdminPendingReject")]
    public Task<IActionResult> RejectPending([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/structures/pending/reject")] HttpRequest request, CancellationToken cancellationToken) =>
        PostAsync(request, MaxFormBytes, (form, cookie) => structures.RejectPendingAsync(form, cookie, cancellationToken), cancellationToken);

    private static async Task<IActionResult> SignedInAsync(HttpRequest request, Func<Task<IActionResult>> answer) =>
        AdminPrincipal.FromPlatform(request.Headers[AdminPrincipal.Header], Environment.GetEnvironmentVariable(AdminPrincipal.PlatformSetting)) is null ? WebFunctions.Send(request, AdminPrincipal.Refused()) : await answer();

    private static Task<IActionResult> PostAsync(HttpRequest request, long maxBytes, Func<WebForm, string, Task<WebPage>> handle, CancellationToken cancellationToken) =>
        SignedInAsync(request, async () => await ReadAsync(request, maxBytes, cancellationToken) is { } form
            ? WebFunctions.Send(request, await handle(form, Cookie(request)))
            : WebFunctions.Send(request, WebForm.TooLarge(maxBytes)));

    private static IReadOnlyDictionary<string, string?> Query(HttpRequest request) => request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString());

    /// <summary>As src/Cli/WebForms.cs: the browser's anti-forgery cookie, set when it has none.</summary>
    private static string Cookie(HttpRequest request)
    {
        var cookie = AntiForgery.CookieOrNew(request.Cookies[AntiForgery.CookieName], out var isNew);
        if (isNew) request.HttpContext.Response.Headers.Append("Set-Cookie", AntiForgery.SetCookie(cookie, request.IsHttps));
        return cookie;
    }

    /// <summary>As src/Cli/WebForms.cs: the posted form under a size cap, or null.</summary>
    private static async Task<WebForm?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType || request.ContentLength > maxBytes) return null;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = maxBytes;
        try
        {
            var form = await request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = maxBytes, ValueLengthLimit = (int)Math.Min(maxBytes, int.MaxValue) }, cancellationToken);
            var files = new List<UploadedFile>();
            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, cancellationToken);
                files.Add(new UploadedFile(file.Name, file.FileName, new BinaryData(buffer.ToArray())));
            }
            return new WebForm(request.Cookies[AntiForgery.CookieName], form.ToDictionary(f => f.Key, f => (string?)f.Value.ToString()), files);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return null;
        }
    }
}

using System.CommandLine;
using ClausesSociales.Digests;
using ClausesSociales.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses host`: the Functions app's triggers, run locally on Azurite by the WebJobs SDK
/// (<see cref="HostedFunctions"/>), with the HTTP endpoints of the e-mail links
/// (/api/unsubscribe, /api/feedback) on the address the links name (default http://localhost:7071).
/// </summary>
internal static class HostCommand
{
    /// <summary>Schedules (NCRONTAB, UTC) when the environment sets none; the same as infra/app/function.bicep.</summary>
    public static readonly IReadOnlyDictionary<string, string> DefaultSchedules = new Dictionary<string, string>
    {
        ["COLLECT_SCHEDULE"] = "0 0 5 * * *",
        ["DIGEST_SCHEDULE"] = "0 0 6 * * 1",
        ["ALERTS_SCHEDULE"] = "0 0 7 * * *",
    };

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "address of the HTTP endpoints (default http://localhost:7071)", DefaultValueFactory = _ => "http://localhost:7071" };
        var command = new Command("host", "Run the Functions app's triggers locally: timers, blob and queue triggers, unsubscribe and feedback endpoints") { urls };
        command.SetAction(async (result, ct) =>
        {
            var (connection, azurite, settings) = await LocalStorage.ResolveAsync(Settings.Load(), ct);
            if (connection is null)
            {
                Console.Error.WriteLine("clauses host needs a storage connection string (or the local Azurite): its triggers cannot sign in by identity; in Azure, deploy functions/ instead");
                return 2;
            }
            try
            {
                await using var app = Build(settings, connection, result.GetValue(urls)!);
                Console.Error.WriteLine($"Functions: {string.Join(", ", typeof(HostedFunctions).GetMethods().Where(m => m.DeclaringType == typeof(HostedFunctions)).Select(m => m.Name))}");
                Console.Error.WriteLine($"Triggers running on the storage above; links answered on {result.GetValue(urls)}. Ctrl+C stops.");
                await app.RunAsync(ct);
                return 0;
            }
            finally
            {
                if (azurite is not null) await azurite.DisposeAsync();
            }
        });
        return command;
    }

    public static WebApplication Build(Settings settings, string storageConnection, string urls, IReadOnlyDictionary<string, string>? schedules = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = "clauses", ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.AddConfiguration(Services.Configuration(settings, storageConnection));
        var host = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = storageConnection, ["Storage"] = storageConnection };
        foreach (var (name, schedule) in DefaultSchedules) host[name] = schedules?.GetValueOrDefault(name) ?? Environment.GetEnvironmentVariable(name) ?? schedule;
        builder.Configuration.AddInMemoryCollection(host);
        builder.WebHost.UseUrls(urls);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Azure.Core", LogLevel.Warning)
            .AddFilter("Microsoft.Azure.WebJobs", LogLevel.Warning).AddFilter("Host", LogLevel.Warning).AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.Services.AddClausesSociales(builder.Configuration);
        builder.Services.AddSingleton<ITypeLocator>(new FunctionTypes());
        builder.Host.ConfigureWebJobs(webJobs =>
        {
            webJobs.AddAzureStorageCoreServices();
            // The queue trigger takes as many parsed-notice messages side by side as the CLI handles notices (setting Concurrency).
            var concurrency = Math.Max(1, builder.Configuration.GetValue($"{ClausesSocialesOptions.Section}:{nameof(ClausesSocialesOptions.Concurrency)}", new ClausesSocialesOptions().Concurrency));
            webJobs.AddAzureStorage(queues =>
            {
                queues.BatchSize = concurrency;
                queues.NewBatchThreshold = Math.Max(1, concurrency / 2);
            });
            webJobs.AddTimers();
        });

        var app = builder.Build();
        app.Use((context, next) =>
        {
            Web.SecurityHeaders.Apply(context.Response.Headers);
            return next(context);
        });
        // A status the routes answer without a page (an unknown address, a form's address opened as
        // a link, an unreadable request, an error of ours) gets a French one.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => StatusPageAsync(context, StatusCodes.Status500InternalServerError) });
        app.UseStatusCodePages(context => StatusPageAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        WebRoutes.Map(app);
        app.MapMethods("/api/unsubscribe", ["GET", "POST"], async (HttpRequest request, UnsubscribeHandler handler, CancellationToken ct) =>
        {
            var q = request.Query;
            return Page("Désabonnement", await handler.HandleAsync(q["kind"], q["id"], q["email"], q["token"], apply: HttpMethods.IsPost(request.Method), ct));
        });
        app.MapMethods("/api/feedback", ["GET", "POST"], async (HttpRequest request, FeedbackHandler handler, CancellationToken ct) =>
            Page("Votre avis", await handler.HandleAsync(request.Query.ToDictionary(p => p.Key, p => (string?)p.Value.ToString()), apply: HttpMethods.IsPost(request.Method), ct)));
        return app;
    }

    private static Task StatusPageAsync(HttpContext context, int status)
    {
        var page = Web.Refusals.Status(status);
        context.Response.StatusCode = page.Status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(page.Html);
    }

    private static IResult Page(string title, LinkOutcome outcome) =>
        Results.Content(ResponsePage.Html(title, outcome), "text/html; charset=utf-8", statusCode: outcome.Status);

    /// <summary>The WebJobs SDK indexes these types only, whatever assembly started the process.</summary>
    private sealed class FunctionTypes : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => [typeof(HostedFunctions)];
    }
}

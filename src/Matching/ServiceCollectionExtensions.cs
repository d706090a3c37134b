using ClausesSociales.CodeLists;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClausesSociales;

/// <summary>Everything a host (the Functions app, the CLI) needs, registered in one place.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddClausesSociales(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClausesSocialesOptions>().Bind(configuration.GetSection(ClausesSocialesOptions.Section));
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => CodeLabels.Load(sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value.CodeListsPath));
        services.AddSingleton(sp => new NoticeParser(
            new ParserOptions { MaxNoticeBytes = sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value.MaxNoticeBytes },
            sp.GetRequiredService<CodeLabels>()));
        services.AddOptions<StorageIdentityOptions>().Bind(configuration.GetSection(StorageIdentityOptions.Section));
        services.AddSingleton(sp => ClausesStorage.FromSettings(
            sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value.StorageConnection,
            sp.GetRequiredService<IOptions<StorageIdentityOptions>>().Value));
        services.AddSingleton<ParseNoticeHandler>();
        services.AddSingleton(sp => new NoticeIngestor(sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<NoticeParser>(), sp.GetRequiredService<ParseNoticeHandler>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value.Concurrency));
        services.AddSingleton<Structures.StructureStore>();
        services.AddSingleton<Decp.DecpStore>();
        services.AddSingleton<MatchLotsHandler>();
        services.AddSingleton<Classification.ModelStore>();
        services.AddSingleton<ClassifyLotsHandler>();
        services.AddSingleton<RetrainHandler>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value;
            return new Digests.SignedLinks(o.UnsubscribeKey ?? throw new InvalidOperationException(
                $"no unsubscribe signing key: set {ClausesSocialesOptions.Section}:UnsubscribeKey (16 characters or more)"), o.PublicBaseUrl);
        });
        services.AddSingleton(sp => new Web.AntiForgery(sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value.UnsubscribeKey ?? throw new InvalidOperationException(
            $"no signing key: set {ClausesSocialesOptions.Section}:UnsubscribeKey (16 characters or more)")));
        services.AddOptions<Collection.BoampCollectorOptions>().Bind(configuration.GetSection($"{ClausesSocialesOptions.Section}:Boamp"));
        services.AddOptions<Collection.TedCollectorOptions>().Bind(configuration.GetSection($"{ClausesSocialesOptions.Section}:Ted"));
        services.AddSingleton(_ => new CollectorHttp(new HttpClient
        {
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestHeaders = { { "User-Agent", "ClausesSociales/1.0 (public procurement notices for social clauses)" } },
        }));
        services.AddSingleton(sp => new Collection.BoampCollector(sp.GetRequiredService<CollectorHttp>().Client, sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<ParseNoticeHandler>(),
            sp.GetRequiredService<IOptions<Collection.BoampCollectorOptions>>().Value, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Collection.BoampCollector>>()));
        services.AddSingleton(sp => new Collection.TedCollector(sp.GetRequiredService<CollectorHttp>().Client, sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<ParseNoticeHandler>(),
            sp.GetRequiredService<IOptions<Collection.TedCollectorOptions>>().Value, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Collection.TedCollector>>()));
        services.AddSingleton<CollectNoticesHandler>();
        services.AddSingleton<ClassifyAndMatchHandler>();
        services.AddSingleton(sp => new RescoreHandler(sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<ClassifyLotsHandler>(), sp.GetRequiredService<ClassifyAndMatchHandler>(),
            sp.GetRequiredService<Web.BoardIndexer>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RescoreHandler>>(), sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value.Concurrency));
        services.AddSingleton<Digests.DigestBuilder>();
        services.AddSingleton<UnsubscribeHandler>();
        services.AddSingleton<FeedbackHandler>();
        services.AddSingleton<Web.BoardIndexer>();
        services.AddSingleton<Web.LotsBoardPage>();
        services.AddSingleton<Web.LotPage>();
        services.AddSingleton<Web.ObservatoryPage>();
        services.AddSingleton<Web.StructuresPage>();
        services.AddSingleton<Web.AdminPage>();
        services.AddSingleton<Web.AdminQuarantine>();
        services.AddSingleton<RetrainLabels>();
        services.AddSingleton<Web.AdminModelPage>();
        services.AddSingleton(sp => new Web.AdminStructuresPage(sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<Structures.StructureStore>(), sp.GetRequiredService<Web.AntiForgery>(),
            sp.GetRequiredService<Digests.SignedLinks>(), sp.GetRequiredService<MailerChoice>().Mailer, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Web.AdminStructuresPage>>()));
        services.AddSingleton<Digests.SubscriptionLinks>();
        services.AddSingleton(sp => new Web.StructureSubscribePage(sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<CodeLabels>(), sp.GetRequiredService<Web.AntiForgery>(),
            sp.GetRequiredService<Digests.SubscriptionLinks>(), sp.GetRequiredService<Digests.SignedLinks>(), sp.GetRequiredService<MailerChoice>().Mailer,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Web.StructureSubscribePage>>()));
        services.AddSingleton<Web.ConfirmSubscriptionPage>();
        services.AddSingleton<Web.ManageSubscriptionPage>();
        services.AddSingleton<Web.PendingStructurePage>();
        services.AddSingleton<Web.DigestWebPage>();
        services.AddSingleton<Digests.DigestRenderer>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value;
            return new MailerChoice(o.SmtpHost is { Length: > 0 } host ? new Digests.DigestMailer(host, o.SmtpPort, o.SmtpFrom, o.SmtpUser, o.SmtpPassword) : null);
        });
        services.AddSingleton(sp => new WeeklyDigestHandler(sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<Digests.DigestBuilder>(), sp.GetRequiredService<Digests.DigestRenderer>(),
            sp.GetRequiredService<MailerChoice>().Mailer, sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value.DigestFolder,
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<WeeklyDigestHandler>>()));
        services.AddSingleton(sp => new AlertsHandler(sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<Digests.DigestRenderer>(), sp.GetRequiredService<Digests.SignedLinks>(),
            sp.GetRequiredService<MailerChoice>().Mailer, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AlertsHandler>>(),
            sp.GetRequiredService<CodeLabels>()));
        return services;
    }

    /// <summary>The one HTTP client the collectors share.</summary>
    private sealed record CollectorHttp(HttpClient Client);

    /// <summary>The SMTP mailer when one is configured, else none: digests and alerts then stay in blobs.</summary>
    private sealed record MailerChoice(Digests.DigestMailer? Mailer);
}

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
        services.AddSingleton(sp => ClausesStorage.FromConnectionString(
            sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value.StorageConnection
            ?? throw new InvalidOperationException($"no storage connection: set {ClausesSocialesOptions.Section}:StorageConnection")));
        services.AddSingleton<ParseNoticeHandler>();
        services.AddSingleton<NoticeIngestor>();
        services.AddSingleton<Structures.StructureStore>();
        services.AddSingleton<MatchLotsHandler>();
        services.AddSingleton<Classification.ModelStore>();
        services.AddSingleton<ClassifyLotsHandler>();
        services.AddSingleton<RetrainHandler>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value;
            return new Digests.UnsubscribeLinks(o.UnsubscribeKey ?? throw new InvalidOperationException(
                $"no unsubscribe signing key: set {ClausesSocialesOptions.Section}:UnsubscribeKey (16 characters or more)"), o.PublicBaseUrl);
        });
        services.AddSingleton<Digests.DigestBuilder>();
        services.AddSingleton<Digests.DigestRenderer>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ClausesSocialesOptions>>().Value;
            var mailer = o.SmtpHost is { Length: > 0 } host ? new Digests.DigestMailer(host, o.SmtpPort, o.SmtpFrom, o.SmtpUser, o.SmtpPassword) : null;
            return new WeeklyDigestHandler(sp.GetRequiredService<ClausesStorage>(), sp.GetRequiredService<Digests.DigestBuilder>(), sp.GetRequiredService<Digests.DigestRenderer>(),
                mailer, o.DigestFolder, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<WeeklyDigestHandler>>());
        });
        return services;
    }
}

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
        return services;
    }
}

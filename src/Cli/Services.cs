using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Cli;

/// <summary>The core's services, configured from the CLI settings and a resolved storage connection.</summary>
internal static class Services
{
    public static ServiceProvider Build(Settings settings, string storageConnection)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ClausesSocialesOptions.Section}:StorageConnection"] = storageConnection,
            [$"{ClausesSocialesOptions.Section}:CodeListsPath"] = settings.CodeListsPath,
            [$"{ClausesSocialesOptions.Section}:MaxNoticeBytes"] = settings.MaxNoticeBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build();
        return new ServiceCollection()
            .AddClausesSociales(configuration)
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("ClausesSociales", LogLevel.Error))
            .BuildServiceProvider();
    }
}

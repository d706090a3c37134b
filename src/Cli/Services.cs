using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClausesSociales.Cli;

/// <summary>The core's services, configured from the CLI settings and a resolved storage connection.</summary>
internal static class Services
{
    public static ServiceProvider Build(Settings settings, string? storageConnection) =>
        new ServiceCollection()
            .AddClausesSociales(Configuration(settings, storageConnection))
            .AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning).AddFilter("ClausesSociales", LogLevel.Error))
            .BuildServiceProvider();

    /// <summary>The ClausesSociales section from the settings, with the resolved storage and a signing key.</summary>
    public static IConfiguration Configuration(Settings settings, string? storageConnection)
    {
        var values = settings.Values.ToDictionary(v => $"{ClausesSocialesOptions.Section}:{v.Key}", v => v.Value);
        values[$"{ClausesSocialesOptions.Section}:{nameof(ClausesSocialesOptions.StorageConnection)}"] = storageConnection;
        foreach (var (key, value) in settings.StorageIdentity ?? new Dictionary<string, string?>()) values[$"{Storage.StorageIdentityOptions.Section}:{key}"] = value;
        var keyName = $"{ClausesSocialesOptions.Section}:{nameof(ClausesSocialesOptions.UnsubscribeKey)}";
        if (string.IsNullOrEmpty(values.GetValueOrDefault(keyName)))
        {
            // Local previews still sign their links; the links only verify within this run.
            values[keyName] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            Console.Error.WriteLine("ClausesSociales__UnsubscribeKey is not set: unsubscribe links are signed with a one-off key");
        }
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}

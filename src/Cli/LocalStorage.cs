using ClausesSociales.Storage;

namespace ClausesSociales.Cli;

/// <summary>
/// The storage the CLI works on: the configured connection, else the account the Storage__*
/// settings name (reached with the user's Azure sign-in), else the local Azurite on its default
/// ports (started, with its data in the repository's .azurite folder, when not running).
/// </summary>
internal static class LocalStorage
{
    /// <returns>The connection string, or null when the account is reached by identity (Storage__serviceUri...).</returns>
    public static async Task<(string? ConnectionString, Azurite? Started)> ResolveAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.StorageConnection is { Length: > 0 } configured && configured != "UseDevelopmentStorage=true")
        {
            return (configured, null);
        }
        if (string.IsNullOrEmpty(settings.StorageConnection) && settings.UsesIdentity)
        {
            Console.Error.WriteLine($"Storage: {settings.StorageIdentity!["serviceUri"]}, reached with your Azure sign-in");
            return (null, null);
        }
        var location = Path.Combine(Path.GetDirectoryName(Azurite.ToolsFolder())!, ".azurite");
        var azurite = await Azurite.StartOrReuseLocalAsync(location, cancellationToken);
        // On stderr, so that --json output stays one object on stdout.
        Console.Error.WriteLine($"Storage: local Azurite on 127.0.0.1:10000/10002 (data in {location})");
        return (azurite.ConnectionString, azurite);
    }

    /// <summary>Runs a command with the core's services on the resolved storage, stopping a local Azurite it started.</summary>
    public static async Task<int> WithServicesAsync(Func<Microsoft.Extensions.DependencyInjection.ServiceProvider, Task<int>> action, CancellationToken cancellationToken)
    {
        var settings = Settings.Load();
        var (connection, azurite) = await ResolveAsync(settings, cancellationToken);
        try
        {
            await using var services = Services.Build(settings, connection);
            return await action(services);
        }
        finally
        {
            if (azurite is not null) await azurite.DisposeAsync();
        }
    }
}

using ClausesSociales.Storage;

namespace ClausesSociales.Cli;

/// <summary>
/// The storage the CLI works on: the configured connection, else the account the Storage__*
/// settings name (reached with the user's Azure sign-in), else the local Azurite on its default
/// ports (started, with its data in the repository's .azurite folder, when not running).
/// </summary>
internal static class LocalStorage
{
    /// <returns>The connection string (null when the account is reached by identity, Storage__serviceUri...),
    /// the Azurite started if any, and the settings to use (on the local Azurite, with the local link signing key).</returns>
    public static async Task<(string? ConnectionString, Azurite? Started, Settings Settings)> ResolveAsync(Settings settings, CancellationToken cancellationToken)
    {
        if (settings.StorageConnection is { Length: > 0 } configured && configured != "UseDevelopmentStorage=true")
        {
            return (configured, null, settings);
        }
        if (string.IsNullOrEmpty(settings.StorageConnection) && settings.UsesIdentity)
        {
            Console.Error.WriteLine($"Storage: {settings.StorageIdentity!["serviceUri"]}, reached with your Azure sign-in");
            return (null, null, settings);
        }
        var location = Path.Combine(Path.GetDirectoryName(Azurite.ToolsFolder())!, ".azurite");
        var azurite = await Azurite.StartOrReuseLocalAsync(location, cancellationToken);
        // On stderr, so that --json output stays one object on stdout.
        Console.Error.WriteLine($"Storage: local Azurite on 127.0.0.1:10000/10002 (data in {location})");
        return (azurite.ConnectionString, azurite, WithLocalSigningKey(settings, location));
    }

    /// <summary>
    /// Without a configured key, local runs sign their links with a key kept beside the local
    /// Azurite's data, so that the links of a digest written by `clauses run` verify in `clauses host`.
    /// </summary>
    public static Settings WithLocalSigningKey(Settings settings, string folder)
    {
        if (settings.Values.GetValueOrDefault(nameof(ClausesSocialesOptions.UnsubscribeKey)) is { Length: > 0 }) return settings;
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "link-signing.key");
        if (!File.Exists(file))
        {
            // Readable by its owner only: whoever reads the key can forge unsubscribe and feedback links.
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using var writer = new StreamWriter(file, System.Text.Encoding.ASCII, options);
            writer.Write(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var values = new Dictionary<string, string?>(settings.Values, StringComparer.OrdinalIgnoreCase)
        {
            [nameof(ClausesSocialesOptions.UnsubscribeKey)] = File.ReadAllText(file).Trim(),
        };
        return settings with { Values = values };
    }

    /// <summary>Runs a command with the core's services on the resolved storage, stopping a local Azurite it started.</summary>
    public static async Task<int> WithServicesAsync(Func<Microsoft.Extensions.DependencyInjection.ServiceProvider, Task<int>> action, CancellationToken cancellationToken)
    {
        var (connection, azurite, settings) = await ResolveAsync(Settings.Load(), cancellationToken);
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

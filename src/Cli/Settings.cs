using Microsoft.Extensions.Configuration;

namespace ClausesSociales.Cli;

/// <summary>
/// The CLI's settings: <c>local.settings.json</c> in the working folder ("Values" section, as
/// Azure Functions writes it: <c>ClausesSociales__X</c>), then environment variables
/// (<c>ClausesSociales__X</c>). Every setting of <see cref="ClausesSocialesOptions"/> is read, and
/// the <c>Storage__*</c> settings that name an account reached by identity.
/// </summary>
internal sealed record Settings(IReadOnlyDictionary<string, string?> Values, string? StorageConnection, IReadOnlyDictionary<string, string?>? StorageIdentity = null)
{
    /// <summary>Whether the "Storage" section names an account to reach by identity (an admin signed in with `az login`).</summary>
    public bool UsesIdentity => StorageIdentity?.GetValueOrDefault("serviceUri") is { Length: > 0 };

    public string? CodeListsPath => Values.GetValueOrDefault(nameof(ClausesSocialesOptions.CodeListsPath));

    public long MaxNoticeBytes => long.TryParse(Values.GetValueOrDefault(nameof(ClausesSocialesOptions.MaxNoticeBytes)), out var max)
        ? max : new ClausesSocialesOptions().MaxNoticeBytes;

    public static Settings Load()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        const string prefix = "ClausesSociales__";
        foreach (var (key, value) in config.GetSection("Values").AsEnumerable(makePathsRelative: true))
        {
            if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) values[key[prefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = value;
        }
        foreach (var (key, value) in config.GetSection(ClausesSocialesOptions.Section).AsEnumerable(makePathsRelative: true))
        {
            if (value is not null) values[key] = value;
        }
        var identity = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        const string storagePrefix = "Storage__";
        foreach (var (key, value) in config.GetSection("Values").AsEnumerable(makePathsRelative: true))
        {
            if (key.StartsWith(storagePrefix, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(value)) identity[key[storagePrefix.Length..]] = value;
        }
        foreach (var (key, value) in config.GetSection(Storage.StorageIdentityOptions.Section).AsEnumerable(makePathsRelative: true))
        {
            if (!string.IsNullOrEmpty(value)) identity[key] = value;
        }
        var storage = values.GetValueOrDefault(nameof(ClausesSocialesOptions.StorageConnection)) ?? config["Values:AzureWebJobsStorage"] ?? config["AzureWebJobsStorage"];
        return new Settings(values, storage, identity);
    }
}

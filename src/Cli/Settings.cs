using Microsoft.Extensions.Configuration;

namespace ClausesSociales.Cli;

/// <summary>
/// The CLI's settings: <c>local.settings.json</c> in the working folder ("Values" section, as
/// Azure Functions writes it: <c>ClausesSociales__X</c>), then environment variables
/// (<c>ClausesSociales__X</c>). Every setting of <see cref="ClausesSocialesOptions"/> is read.
/// </summary>
internal sealed record Settings(IReadOnlyDictionary<string, string?> Values, string? StorageConnection)
{
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
        var storage = values.GetValueOrDefault(nameof(ClausesSocialesOptions.StorageConnection)) ?? config["Values:AzureWebJobsStorage"] ?? config["AzureWebJobsStorage"];
        return new Settings(values, storage);
    }
}

using Microsoft.Extensions.Configuration;

namespace ClausesSociales.Cli;

/// <summary>
/// The CLI's settings: <c>local.settings.json</c> in the working folder ("Values" section, as
/// Azure Functions writes it), then environment variables (ClausesSociales__X).
/// </summary>
internal sealed record Settings(string? CodeListsPath, long MaxNoticeBytes, string? StorageConnection)
{
    public static Settings Load()
    {
        var config = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json"), optional: true)
            .AddEnvironmentVariables()
            .Build();
        string? Get(string key) => config[$"ClausesSociales:{key}"] ?? config[$"Values:ClausesSociales:{key}"] ?? config[$"Values:ClausesSociales__{key}"];
        return new Settings(
            Get("CodeListsPath"),
            long.TryParse(Get("MaxNoticeBytes"), out var max) ? max : new ClausesSociales.Notices.ParserOptions().MaxNoticeBytes,
            Get("StorageConnection") ?? config["Values:AzureWebJobsStorage"] ?? config["AzureWebJobsStorage"]);
    }
}

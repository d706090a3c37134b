using System.CommandLine;
using System.Text.Json;
using ClausesSociales.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ClausesSociales.Cli;

/// <summary>
/// `clauses run`: the main job on the embedded default. Starts Azurite when needed and runs the
/// pipeline's stages on the sample feed in samples/feed (or the folders given).
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var feed = new Option<string[]>("--feed") { Description = "notice files or folders to collect from (default: the sample feed, samples/feed)" };
        var json = new Option<bool>("--json") { Description = "print the summary as one JSON object" };
        var command = new Command("run", "Run the pipeline once, end to end, on the sample feed") { feed, json };
        command.SetAction((result, ct) => RunAsync(result.GetValue(feed) ?? [], result.GetValue(json), ct));
        return command;
    }

    public static async Task<int> RunAsync(string[] feed, bool json, CancellationToken cancellationToken)
    {
        var settings = Settings.Load();
        if (feed.Length == 0) feed = [Path.Combine(Path.GetDirectoryName(ClausesSociales.Storage.Azurite.ToolsFolder())!, "samples", "feed")];
        var files = InputFiles.Expand(feed, Console.Error);
        var (connection, azurite) = await LocalStorage.ResolveAsync(settings, cancellationToken);
        try
        {
            await using var services = Services.Build(settings, connection);
            var ingest = json
                ? await services.GetRequiredService<NoticeIngestor>().IngestAsync(files, null, cancellationToken)
                : await IngestCommand.IngestAsync(services.GetRequiredService<NoticeIngestor>(), files, cancellationToken);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(new { notices = ingest.Notices, lots = ingest.Lots, rejected = ingest.Rejected.Count }, Notices.LotRecord.Json));
            }
            else
            {
                IngestCommand.Print(ingest);
            }
            return ingest.ParsedFiles > 0 ? 0 : 2;
        }
        finally
        {
            if (azurite is not null) await azurite.DisposeAsync();
        }
    }
}

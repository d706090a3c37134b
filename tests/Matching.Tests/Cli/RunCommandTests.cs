using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.Cli;
using ClausesSociales.Tests.Classification;

namespace ClausesSociales.Tests.Cli;

/// <summary>`clauses run --json` on the embedded default (sample feed, sample and shared structures, sample buyers), twice.</summary>
[Collection(ClassifierCollection.Name)]
public sealed class RunCommandTests(ClassifierFixture classifier, AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-run-").FullName;

    private async Task<JsonElement> RunAsync()
    {
        var settings = new Settings(new Dictionary<string, string?>
        {
            [nameof(ClausesSocialesOptions.DigestFolder)] = _folder,
            [nameof(ClausesSocialesOptions.UnsubscribeKey)] = "a-test-signing-key-of-enough-length",
        }, azurite.ConnectionString);
        await using var services = Services.Build(settings, azurite.ConnectionString);
        var output = new StringWriter();
        var exit = await RunCommand.RunAsync(services, new RunCommand.RunRequest([], [], null, Json: true), output, CancellationToken.None);
        Assert.Equal(0, exit);
        return JsonDocument.Parse(output.ToString()).RootElement;
    }

    [Fact]
    public async Task RunsThePipelineOnTheSampleFeedAndASecondRunChangesNoCount()
    {
        // A promoted model, so that the run does not train one (that is measured by `clauses train`).
        var models = new ModelStore(azurite.Storage());
        await models.PromoteAsync(await models.SaveAsync(classifier.Model, new { test = "run" }, CancellationToken.None), CancellationToken.None);

        var first = await RunAsync();
        var second = await RunAsync();

        string[] counts = ["notices", "lots", "classified", "matches", "digests", "rejected", "structures"];
        Assert.Equal(3, first.GetProperty("notices").GetInt32());
        Assert.Equal(6, first.GetProperty("lots").GetInt32());
        Assert.Equal(6, first.GetProperty("classified").GetInt32());
        Assert.True(first.GetProperty("matches").GetInt32() >= 30, first.ToString());
        Assert.True(first.GetProperty("digests").GetInt32() >= 1, first.ToString());
        Assert.True(first.GetProperty("structures").GetInt32() > 3000, first.ToString());
        Assert.All(counts, c => Assert.Equal(first.GetProperty(c).GetInt32(), second.GetProperty(c).GetInt32()));
        Assert.Equal(first.GetProperty("week").GetString(), second.GetProperty("week").GetString());
        Assert.NotEmpty(Directory.GetFiles(_folder, "*.html", SearchOption.AllDirectories));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

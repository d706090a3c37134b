using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.Cli;
using ClausesSociales.Tests.Classification;
using ClausesSociales.Tests.Collection;

namespace ClausesSociales.Tests.Cli;

/// <summary>`clauses run --json` on the embedded default (sample feed, sample and shared structures, sample buyers), twice.</summary>
[Collection(ClassifierCollection.Name)]
public sealed class RunCommandTests(ClassifierFixture classifier, AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-run-").FullName;

    private async Task<JsonElement> RunAsync(RunCommand.RunRequest? request = null, Dictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>(extra ?? [])
        {
            [nameof(ClausesSocialesOptions.DigestFolder)] = _folder,
            [nameof(ClausesSocialesOptions.UnsubscribeKey)] = "a-test-signing-key-of-enough-length",
        };
        await using var services = Services.Build(new Settings(values, azurite.ConnectionString), azurite.ConnectionString);
        var output = new StringWriter();
        var exit = await RunCommand.RunAsync(services, request ?? new RunCommand.RunRequest([], [], null, Json: true), output, CancellationToken.None);
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

    [Fact]
    public async Task RunsThePipelineOnNoticesCollectedFromTedAndThenOnlyOnNewOnes()
    {
        var models = new ModelStore(azurite.Storage());
        await models.PromoteAsync(await models.SaveAsync(classifier.Model, new { test = "run --source" }, CancellationToken.None), CancellationToken.None);
        // Notices of their own, published in October, so that this test and the others of the collection do not meet.
        using var ted = new FakeTedApi(skip: 5, firstDay: new DateOnly(2026, 10, 1)) { MissingXml = false };
        var settings = new Dictionary<string, string?>
        {
            ["Ted:ApiUrl"] = ted.BaseUrl,
            ["Ted:PauseBetweenPages"] = "00:00:00",
            ["Ted:PauseBetweenNotices"] = "00:00:00",
            ["Ted:FirstRetryDelay"] = "00:00:00.010",
        };
        var request = new RunCommand.RunRequest([], ["ted"], new DateOnly(2026, 10, 1), Json: true);

        var first = await RunAsync(request, settings);
        var second = await RunAsync(request, settings);

        Assert.True(5 == first.GetProperty("notices").GetInt32(), $"{first} {string.Join(" / ", ted.Queries)}");
        Assert.Empty(first.GetProperty("failures").EnumerateArray());
        Assert.True(first.GetProperty("lots").GetInt32() >= 5, first.ToString());
        // Every lot of the collected notices is classified; a notice other tests stored in another
        // format (the TED XML of the same publication) shares its partition, so there may be more.
        Assert.True(first.GetProperty("classified").GetInt32() >= first.GetProperty("lots").GetInt32(), first.ToString());
        Assert.True(first.GetProperty("matches").GetInt32() > 0, first.ToString());
        Assert.Equal(0, second.GetProperty("notices").GetInt32());
        Assert.Equal(0, second.GetProperty("classified").GetInt32());
        Assert.StartsWith("buyer-country=FRA AND publication-date>=20261001", ted.Queries[0]);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

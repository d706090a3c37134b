using System.Text;
using ClausesSociales.Classification;
using ClausesSociales.Cli;
using ClausesSociales.Digests;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using ClausesSociales.Tests.Classification;
using Microsoft.AspNetCore.Builder;

namespace ClausesSociales.Tests.Cli;

/// <summary>
/// `clauses host` runs the functions' triggers for real on Azurite: a notice blob dropped in
/// raw-notices/ is parsed by the blob trigger, its queue message is classified and matched by the
/// queue trigger; a broken blob lands in quarantine; the e-mail links are answered over HTTP.
/// </summary>
[Collection(ClassifierCollection.Name)]
public sealed class HostCommandTests(ClassifierFixture classifier, AzuriteFixture azurite) : IDisposable
{
    private const string Key = "a-test-signing-key-of-enough-length";
    private const string NoticeId = "00799999-2026";
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-host-").FullName;

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{what} did not happen within 90 s");
    }

    [Fact]
    public async Task NewBlobsRunThroughTheTriggersAndTheLinksAreAnsweredOverHttp()
    {
        var storage = azurite.Storage();
        var models = new ModelStore(storage);
        await models.PromoteAsync(await models.SaveAsync(classifier.Model, new { test = "host" }, CancellationToken.None), CancellationToken.None);
        using (var reader = new StreamReader(Path.Combine(SharedData.RepositoryRoot(), "samples", "structures.csv")))
        {
            await new StructureStore(storage).SaveAsync(new StructureCsvImporter().Read(reader).Structures, CancellationToken.None);
        }
        var port = Loopback.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var settings = new Settings(new Dictionary<string, string?>
        {
            [nameof(ClausesSocialesOptions.UnsubscribeKey)] = Key,
            [nameof(ClausesSocialesOptions.DigestFolder)] = _folder,
            [nameof(ClausesSocialesOptions.PublicBaseUrl)] = baseUrl,
        }, azurite.ConnectionString);
        // Timers on the first of January only: this test is about the blob and queue triggers.
        var never = HostCommand.DefaultSchedules.ToDictionary(s => s.Key, _ => "0 0 0 1 1 *");
        await using var app = HostCommand.Build(settings, azurite.ConnectionString, baseUrl, never);
        await app.StartAsync();

        // A notice of the sample feed under a notice number of its own, and a truncated copy, made at run time.
        var xml = (await File.ReadAllTextAsync(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "eforms-cn-2026-0001.xml"))).Replace("00712345-2026", NoticeId);
        await storage.EnsureCreatedAsync();
        await storage.RawNotices.GetBlobClient($"ted/2026/11/22/{NoticeId}.xml").UploadAsync(BinaryData.FromString(xml), overwrite: true);
        await storage.RawNotices.GetBlobClient("ted/2026/11/22/truncated-host.xml").UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(xml[..(xml.Length / 2)])), overwrite: true);

        var partition = TableKeys.Notice("ted", NoticeId);
        var lots = await EventuallyAsync(async () =>
        {
            var found = new List<LotEntity>();
            await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == partition)) found.Add(lot);
            return found.Count == 2 && found.All(l => l.ModelVersion is not null) ? found : null;
        }, "ParseNotice then ClassifyAndMatch");
        var matches = await EventuallyAsync(async () =>
        {
            var found = new List<MatchEntity>();
            await foreach (var m in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(e => e.PartitionKey == MatchEntity.LotKey("ted", NoticeId, lots[0].LotId))) found.Add(m);
            return found.Count > 0 ? found : null;
        }, "MatchLots");
        Assert.All(matches, m => Assert.False(string.IsNullOrEmpty(m.Reasons)));
        var error = await EventuallyAsync(async () =>
            (await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>("ParseNotice", TableKeys.Safe("ted/2026/11/22/truncated-host.xml"))).Value, "quarantine of the truncated blob");
        Assert.Equal("quarantine/ted/2026/11/22/truncated-host.xml", error.QuarantineBlob);

        // The links of the e-mails, answered by the host.
        var links = new SignedLinks(Key, baseUrl);
        using var http = new HttpClient();
        var link = links.Feedback(new LotFeedback("20004697700019", "ted", NoticeId, lots[0].LotId, Labels.Reserved, FeedbackVerdict.Interested));
        var feedbackKey = TableKeys.Safe($"{lots[0].LotId}|reserved|20004697700019");
        var opened = await http.GetAsync(link);
        Assert.Equal(200, (int)opened.StatusCode);
        Assert.Equal("text/html", opened.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<form method=\"post\"", await opened.Content.ReadAsStringAsync());
        Assert.False((await storage.Table(StorageNames.Feedback).GetEntityIfExistsAsync<FeedbackEntity>(partition, feedbackKey)).HasValue);
        var confirmed = await http.PostAsync(link, null);
        Assert.Equal(200, (int)confirmed.StatusCode);
        Assert.Contains("Merci", await confirmed.Content.ReadAsStringAsync());
        Assert.True((await storage.Table(StorageNames.Feedback).GetEntityIfExistsAsync<FeedbackEntity>(partition, feedbackKey)).HasValue);
        var forged = await http.GetAsync($"{baseUrl}/api/unsubscribe?kind=buyer&id=20004697700019&email=achats%40grandlyon.example&token=forged");
        Assert.Equal(403, (int)forged.StatusCode);

        await app.StopAsync();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

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

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, Func<string>? state = null, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(250);
        }
        throw new TimeoutException($"{what} did not happen within {seconds} s {state?.Invoke()}");
    }

    /// <summary>A promoted model, the sample structures, and the host started on them with its timers out of the way.</summary>
    private async Task<(ClausesStorage Storage, WebApplication App, string BaseUrl)> StartHostAsync(Func<ClausesStorage, Task>? beforeStart = null)
    {
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync();
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
        // Timers on the first of January only: these tests are about the blob and queue triggers.
        var never = HostCommand.DefaultSchedules.ToDictionary(s => s.Key, _ => "0 0 0 1 1 *");
        var app = HostCommand.Build(settings, azurite.ConnectionString, baseUrl, never);
        if (beforeStart is not null) await beforeStart(storage);
        await app.StartAsync();
        return (storage, app, baseUrl);
    }

    [Fact]
    public async Task NewBlobsRunThroughTheTriggersAndTheLinksAreAnsweredOverHttp()
    {
        var (storage, app, baseUrl) = await StartHostAsync();
        try
        {

            // A notice of the sample feed under a notice number of its own, and a truncated copy, made at run time.
            var xml = (await File.ReadAllTextAsync(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "eforms-cn-2026-0001.xml"))).Replace("00712345-2026", NoticeId);
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
                await foreach (var m in storage.Table(StorageNames.Matches).QueryAsync<MatchEntity>(MatchEntity.LotFilter("ted", NoticeId, lots[0].LotId))) found.Add(m);
                return found.Count > 0 ? found : null;
            }, "MatchLots");
            Assert.All(matches, m => Assert.False(string.IsNullOrEmpty(m.Reasons)));
            var error = await EventuallyAsync(async () =>
                await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>("ParseNotice", TableKeys.Safe("ted/2026/11/22/truncated-host.xml")) is { HasValue: true } row ? row.Value : null,
                "quarantine of the truncated blob");
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
        }
        finally
        {
            await StopAsync(app);
        }
    }

    [Fact]
    public async Task HostileBlobsEndParsedOrQuarantinedAndNoneIsRetriedIntoThePoisonQueue()
    {
        var inputs = Pipeline.HostileInputs.Write(Path.Combine(_folder, "hostile"), "hostile-host");
        var names = inputs.Select((input, i) => $"host-hostile/{i:D2}-{Path.GetFileName(input.Path)}").ToList();
        // The blobs wait for the host, as a backlog does: the WebJobs container scan compares
        // last-modified times to the second, so on Azurite a blob written in the second of the
        // previous scan's newest one can be passed over; this test is about what the blobs hold.
        var (storage, app, _) = await StartHostAsync(async s =>
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                await s.RawNotices.GetBlobClient(names[i]).UploadAsync(BinaryData.FromBytes(await File.ReadAllBytesAsync(inputs[i].Path)), overwrite: true);
            }
        });
        try
        {

            var missing = names;
            var outcome = await EventuallyAsync(async () =>
            {
                var parsed = new HashSet<string>();
                await foreach (var t in storage.Tenders.QueryAsync<TenderEntity>(t => t.BlobName.CompareTo("host-hostile/") >= 0 && t.BlobName.CompareTo("host-hostile0") < 0, select: ["BlobName"])) parsed.Add(t.BlobName);
                var rejected = new HashSet<string>();
                await foreach (var e in storage.Errors.QueryAsync<ErrorEntity>(e => e.PartitionKey == "ParseNotice" && e.BlobName.CompareTo("host-hostile/") >= 0 && e.BlobName.CompareTo("host-hostile0") < 0)) rejected.Add(e.BlobName);
                missing = names.Where(n => !parsed.Contains(n) && !rejected.Contains(n)).ToList();
                return missing.Count == 0 ? new[] { parsed, rejected } : null;
            }, "every hostile blob parsed or quarantined", () => string.Join(", ", missing), seconds: 300);

            for (var i = 0; i < inputs.Count; i++)
            {
                var expected = inputs[i].Expected == Pipeline.HostileExpectation.Stored ? outcome[0] : outcome[1];
                Assert.True(expected.Contains(names[i]), $"{inputs[i].What} ({names[i]}) should be {inputs[i].Expected}");
                if (inputs[i].Expected == Pipeline.HostileExpectation.Quarantined)
                {
                    Assert.True(await storage.Quarantine.GetBlobClient(names[i]).ExistsAsync(), $"{names[i]} not in quarantine");
                }
            }
            // A blob whose function throws is retried five times, then its message goes to the poison queue: none may.
            var poison = new Azure.Storage.Queues.QueueClient(azurite.ConnectionString, "webjobs-blobtrigger-poison");
            Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(32)).Value.Length > 0, "a blob was retried into the poison queue");
        }
        finally
        {
            await StopAsync(app);
        }
    }

    /// <summary>
    /// Stops the host before disposing it: disposing a host whose functions still run crashes the
    /// WebJobs exception handler. The two blob triggers share one queue listener, which each stops:
    /// when both stop at once the WebJobs SDK's second stop throws "The timer has already been
    /// stopped", after everything has stopped; that is not what these tests are about.
    /// </summary>
    private static async Task StopAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync();
        }
        catch (InvalidOperationException e) when (e.Message == "The timer has already been stopped.")
        {
        }
        await app.DisposeAsync();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

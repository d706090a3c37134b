using System.Net;
using System.Text.Json;
using ClausesSociales.Classification;
using ClausesSociales.Digests;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Tests.Classification;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// "Réentraîner" on `clauses host`: the labels file lands in training/, the host's own Retrain
/// blob trigger picks it up and trains a version on the stored real notices, and the model page
/// then lists that version.
/// </summary>
[Collection(ClassifierCollection.Name)]
public sealed class AdminRetrainHostTests(ClassifierFixture classifier, AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-retrain-").FullName;

    [Fact]
    public async Task TheRetrainButtonQueuesTheLabelsThatTheHostsTriggerTrainsOn()
    {
        var storage = await RetrainHandlerTests.StoreNoticesAsync(azurite);
        var models = new ModelStore(storage);
        await models.PromoteAsync(await models.SaveAsync(classifier.Model, new { test = "retrain-host" }, CancellationToken.None), CancellationToken.None);
        // A buyer's answer on a stored real lot: what the labels file carries.
        var answer = new LotFeedback("20004697700019", "ted", "091489-2019", "1", Labels.Social, FeedbackVerdict.Interested).ToEntity(DateTimeOffset.UtcNow);
        await storage.Table(StorageNames.Feedback).UpsertEntityAsync(answer);
        var training = storage.Container(StorageNames.Training);
        await using var host = await AdminHost.StartAsync(azurite, _folder);
        try
        {
            var token = await host.TokenAsync("/admin/model");
            using var queued = await host.PostAsync("/admin/model/retrain", ("af", token));
            Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
            var text = WebUtility.HtmlDecode(await queued.Content.ReadAsStringAsync());
            Assert.Contains("Réentraînement demandé", text);
            var name = System.Text.RegularExpressions.Regex.Match(text, @"console-[0-9a-f]{16}\.csv").Value;
            Assert.Contains("091489-2019,1,1,,", (await training.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString());

            var deadline = DateTime.UtcNow.AddMinutes(5);
            string? version = null;
            while (version is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the host's Retrain trigger did not train on the queued labels within 5 minutes");
                await Task.Delay(1000);
                foreach (var v in await models.VersionsAsync(CancellationToken.None))
                {
                    using var metrics = await models.MetricsAsync(v.Version, CancellationToken.None);
                    if (metrics.RootElement.GetProperty("metrics").TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.String
                        && labels.GetString() == $"{StorageNames.Training}/{name}") version = v.Version;
                }
            }
            var page = System.Net.WebUtility.HtmlDecode(await host.Http.GetStringAsync("/admin/model")).Plain();
            Assert.Contains(version, page);
            // Whether the retraining promoted it or kept the model in service, and why, beside the version.
            using (var metrics = await models.MetricsAsync(version, CancellationToken.None))
            {
                var why = metrics.RootElement.GetProperty("metrics").GetProperty("why").GetString()!;
                Assert.Contains(" : " + why.Plain(), page);
            }
        }
        finally
        {
            // Later hosts of this collection would otherwise train on it again.
            foreach (var blob in await ConsoleBlobsAsync(training)) await training.DeleteBlobIfExistsAsync(blob);
            await storage.Table(StorageNames.Feedback).DeleteEntityAsync(answer.PartitionKey, answer.RowKey);
        }
    }

    private static async Task<List<string>> ConsoleBlobsAsync(Azure.Storage.Blobs.BlobContainerClient training)
    {
        var names = new List<string>();
        await foreach (var blob in training.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, RetrainLabels.Prefix, CancellationToken.None)) names.Add(blob.Name);
        return names;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

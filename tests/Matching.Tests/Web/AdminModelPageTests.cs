using System.Globalization;
using ClausesSociales.Classification;
using ClausesSociales.Digests;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Tests.Classification;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// The console's model page shows the promoted version's held-out metrics, with intervals, next to
/// the naive Bayes baseline, as its metrics blob records them; "Réentraîner" drops the buyers'
/// answers in training/ once per distinct content, and only with the form's token.
/// </summary>
[Collection(ClassifierCollection.Name)]
public sealed class AdminModelPageTests(ClassifierFixture classifier, AzuriteFixture azurite)
{
    private const string Key = "a-test-signing-key-of-enough-length";

    [Fact]
    public async Task ShowsThePromotedModelNextToTheBaselineAndQueuesTheLabelsOncePerContent()
    {
        var storage = azurite.Storage();
        var models = new ModelStore(storage);
        var evaluation = ModelEvaluation.Evaluate(classifier.Model, classifier.Test, classifier.Train);
        var version = await models.SaveAsync(classifier.Model, new { evaluation = evaluation.Model, baseline = evaluation.Baseline, reports = evaluation.Reports, why = RetrainHandler.Compare(evaluation, null).Why }, CancellationToken.None);
        await models.PromoteAsync(version, CancellationToken.None);
        var antiForgery = new AntiForgery(Key);
        var page = new AdminModelPage(storage, models, new RetrainLabels(storage), antiForgery);
        var cookie = AntiForgery.CookieOrNew(null, out _);

        var html = (await page.HandleAsync(cookie, CancellationToken.None)).Html.Plain();
        Assert.Contains(version, html);
        string F(double v) => v.ToString("0.000", CultureInfo.GetCultureInfo("fr-FR"));
        Assert.Contains(F(evaluation.Model[Labels.Reserved].RocAuc), html);
        Assert.Contains(F(evaluation.Baseline![Labels.Reserved].RocAuc), html);
        var interval = evaluation.Reports[Labels.Reserved].RocAuc;
        Assert.Contains($"[{F(interval.Low)} – {F(interval.High)}]", html);
        Assert.Contains(antiForgery.Field(cookie), html);
        Assert.Contains("Décision de mise en service : " + Html.E(RetrainHandler.Compare(evaluation, null).Why), html);
        // A label the naive Bayes reference ranks better is named in a warning, and only such a label.
        foreach (var label in Labels.All)
        {
            var behind = evaluation.Baseline[label].RocAuc > evaluation.Model[label].RocAuc;
            var named = html.Contains("Attention : sur ces avis", StringComparison.Ordinal)
                && html[html.IndexOf("Attention : sur ces avis", StringComparison.Ordinal)..].Split("</p>")[0].Contains(Html.E(Labels.French[label]), StringComparison.Ordinal);
            Assert.Equal(behind, named);
        }

        var training = storage.Container(StorageNames.Training);
        var answers = new[]
        {
            new LotFeedback("20004697700019", "ted", "00790051-2026", "LOT-0001", Labels.Reserved, FeedbackVerdict.Interested).ToEntity(DateTimeOffset.UtcNow.AddMinutes(-2)),
            new LotFeedback("20004697700019", "ted", "00790051-2026", "LOT-0002", Labels.Social, FeedbackVerdict.NotRelevant).ToEntity(DateTimeOffset.UtcNow.AddMinutes(-1)),
        };
        foreach (var answer in answers) await storage.Table(StorageNames.Feedback).UpsertEntityAsync(answer);
        var queuedNames = new List<string>();
        try
        {
            var forged = await page.RetrainAsync(new WebForm(cookie, new Dictionary<string, string?> { ["af"] = "forged" }, []), cookie, CancellationToken.None);
            Assert.Equal(400, forged.Status);
            Assert.Empty(await NamesAsync());

            var genuine = new WebForm(cookie, new Dictionary<string, string?> { ["af"] = antiForgery.Token(cookie) }, []);
            var first = await page.RetrainAsync(genuine, cookie, CancellationToken.None);
            Assert.Contains("Réentraînement demandé", System.Net.WebUtility.HtmlDecode(first.Html));
            queuedNames.AddRange(await NamesAsync());
            var name = Assert.Single(queuedNames);
            var csv = (await training.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToString();
            Assert.Contains("00790051-2026,LOT-0001,,1,\n", csv);
            Assert.Contains("00790051-2026,LOT-0002,0,,\n", csv);

            var second = await page.RetrainAsync(genuine, cookie, CancellationToken.None);
            Assert.Contains("ont déjà été déposées", System.Net.WebUtility.HtmlDecode(second.Html));
            Assert.Equal([name], await NamesAsync());
        }
        finally
        {
            foreach (var name in await NamesAsync()) await training.DeleteBlobIfExistsAsync(name);
            foreach (var answer in answers) await storage.Table(StorageNames.Feedback).DeleteEntityAsync(answer.PartitionKey, answer.RowKey);
        }

        async Task<List<string>> NamesAsync()
        {
            var names = new List<string>();
            await foreach (var blob in training.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, RetrainLabels.Prefix, CancellationToken.None)) names.Add(blob.Name);
            return names;
        }
    }
}

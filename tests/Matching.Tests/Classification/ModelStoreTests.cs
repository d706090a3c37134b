using ClausesSociales.Classification;
using ClausesSociales.CodeLists;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Classification;

[Collection(ClassifierCollection.Name)]
public sealed class ModelStoreTests(ClassifierFixture classifier, AzuriteFixture azurite)
{
    [Fact]
    public async Task AModelLoadedBackFromBlobStoragePredictsTheSameProbabilities()
    {
        var store = new ModelStore(azurite.Storage());
        var version = await store.SaveAsync(classifier.Model, new { test = true }, CancellationToken.None);
        await store.PromoteAsync(version, CancellationToken.None);

        var loaded = await new ModelStore(azurite.Storage()).LoadCurrentAsync(CancellationToken.None);

        Assert.NotNull(loaded);
        Assert.Equal(classifier.Model.Info.TrainingSetHash, loaded.Info.TrainingSetHash);
        var before = classifier.Model.Predict(classifier.Test);
        var after = loaded.Predict(classifier.Test);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            Assert.Equal(before[i].Social, after[i].Social, 6);
            Assert.Equal(before[i].Reserved, after[i].Reserved, 6);
            Assert.Equal(before[i].Green, after[i].Green, 6);
        }
        var blobs = new List<string>();
        await foreach (var b in azurite.Storage().Container(StorageNames.Models).GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "lots/", CancellationToken.None)) blobs.Add(b.Name);
        Assert.Contains($"lots/{version}.zip", blobs);
        Assert.Contains($"lots/{version}.metrics.json", blobs);
        Assert.Contains("lots/current.json", blobs);
    }

    [Fact]
    public async Task VersionsFormALearningCurveByTrainingSetSize()
    {
        var storage = azurite.Storage();
        var store = new ModelStore(storage);
        var half = classifier.Train.Take(classifier.Train.Count / 2).ToList();
        var small = new LotClassifierTrainer().Train(half, TrainingSet.Hash(half));
        var smallEvaluation = ModelEvaluation.Evaluate(small, classifier.Test);
        var fullEvaluation = ModelEvaluation.Evaluate(classifier.Model, classifier.Test);
        await store.SaveAsync(classifier.Model, new { evaluation = fullEvaluation.Model, promoted = true }, CancellationToken.None);
        await store.SaveAsync(small, new { evaluation = smallEvaluation.Model, promoted = false }, CancellationToken.None);

        var versions = (await store.VersionsAsync(CancellationToken.None)).Where(v => v.Version == small.Info.Version || v.Version == classifier.Model.Info.Version).ToList();

        var smallest = versions.First(v => v.TrainingLots == half.Count);
        var largest = versions.Last(v => v.TrainingLots == classifier.Train.Count);
        Assert.True(versions.IndexOf(smallest) < versions.IndexOf(largest));
        Assert.Equal(smallEvaluation.Model[Labels.Reserved].RocAuc, smallest.RocAuc[Labels.Reserved], 9);
        Assert.Equal(fullEvaluation.Model[Labels.Reserved].Positives, largest.TestPositives[Labels.Reserved]);
        Assert.True(largest.Promoted);
    }

    [Fact]
    public void AModelOfTheEarlierFormatIsRefusedWithAClearError()
    {
        using var buffer = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            zip.CreateEntry("social.zip");
        }
        buffer.Position = 0;

        var error = Assert.Throws<InvalidDataException>(() => LotModel.Load(buffer));
        Assert.Contains("train a new one", error.Message);
    }

    [Fact]
    public async Task ClassifyLotsStoresProbabilitiesReasonsAndVersionOnTheLots()
    {
        var storage = azurite.Storage();
        var store = new ModelStore(storage);
        var version = await store.SaveAsync(classifier.Model, new { test = true }, CancellationToken.None);
        await store.PromoteAsync(version, CancellationToken.None);
        var file = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "form_number_F02", "014265-2021.xml");
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        Assert.True((await parse.HandleAsync("ted/2021/01/13/014265-2021.xml", BinaryData.FromBytes(File.ReadAllBytes(file)), CancellationToken.None)).Success);
        var handler = new ClassifyLotsHandler(storage, store, CodeLabels.Load(SharedData.Path("eforms-sdk")), NullLogger<ClassifyLotsHandler>.Instance);

        Assert.Equal(2, await handler.HandleAsync("ted", "014265-2021", CancellationToken.None));
        Assert.Equal(2, await handler.HandleAsync("ted", "014265-2021", CancellationToken.None));

        var lot = (await storage.Lots.GetEntityAsync<LotEntity>(TableKeys.Notice("ted", "014265-2021"), LotEntity.Row("ted", "014265-2021", "1"))).Value;
        Assert.Equal(version, lot.ModelVersion);
        Assert.InRange(lot.SocialProbability!.Value, 0, 1);
        Assert.InRange(lot.ReservedProbability!.Value, 0, 1);
        Assert.InRange(lot.GreenProbability!.Value, 0, 1);
        Assert.False(string.IsNullOrEmpty(lot.Reasons));
        // The parser's fields are still there after the merge.
        Assert.Equal("55520000", lot.MainCpv);
        var stored = new List<LotEntity>();
        await foreach (var e in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == lot.PartitionKey)) stored.Add(e);
        var expected = classifier.Model.Predict(StoredLots.ToRows(stored))[stored.FindIndex(e => e.LotId == "1")];
        Assert.Equal(Math.Round(expected.Reserved, 4), lot.ReservedProbability!.Value, 6);
        // The labels the model's thresholds make likely go with the probabilities, and the pages,
        // digests and board read them; a lot classified before they were stored reads 0.5.
        Assert.Equal(string.Join(",", expected.Likely), lot.LikelyLabels);
        Assert.All(Labels.All, label => Assert.Equal(expected.Likely.Contains(label), lot.IsLikely(label)));
        Assert.Equal(expected.Likely.Contains(Labels.Social) || lot.SocialMarkers is { Length: > 0 }, lot.CouldCarrySocialClause());
        Assert.Equal(expected.Likely.Contains(Labels.Social), lot.Scores()!.SocialLikely);
        lot.LikelyLabels = null;
        lot.GreenMarkers = null;
        lot.GreenProbability = 0.49;
        Assert.False(lot.CouldCarryGreenClause());
        lot.GreenProbability = 0.5;
        Assert.True(lot.CouldCarryGreenClause());
    }

    [Fact]
    public void PromotesOnlyAModelThatIsNotWorse()
    {
        var evaluation = ModelEvaluation.Evaluate(classifier.Model, classifier.Test);
        var better = evaluation with { Model = evaluation.Model.ToDictionary(m => m.Key, m => m.Value with { RocAuc = Math.Min(1, m.Value.RocAuc + 0.05) }) };
        var worse = evaluation with { Model = evaluation.Model.ToDictionary(m => m.Key, m => m.Value with { RocAuc = m.Value.RocAuc - 0.05 }) };

        Assert.True(RetrainHandler.Compare(evaluation, null).Promote);
        Assert.True(RetrainHandler.Compare(better, evaluation).Promote);
        Assert.True(RetrainHandler.Compare(evaluation, evaluation).Promote);
        var (promote, why) = RetrainHandler.Compare(worse, evaluation);
        Assert.False(promote);
        Assert.Contains("ROC-AUC", why);

        // Nothing to compare (no label with 5 positives held apart): a candidate that learnt from the
        // few lots stored so far does not replace a model trained on thousands; one that learnt as much does.
        var few = evaluation with { Model = evaluation.Model.ToDictionary(m => m.Key, m => m.Value with { Positives = RetrainHandler.MinimumPositives - 1 }) };
        var served = classifier.Model.Info;
        var small = served with { TrainingLots = 6, Positives = served.Positives.ToDictionary(p => p.Key, p => Math.Min(p.Value, 1)) };
        var kept = RetrainHandler.Compare(few, evaluation, small, served);
        Assert.False(kept.Promote);
        Assert.StartsWith("modèle en service gardé : le nouveau apprend de moins d'exemples (de 6 lots contre ", kept.Why);
        Assert.Contains("), et rien ne permet de les comparer (aucune étiquette n'a 5 positifs parmi les lots mis à part que le modèle en service n'a pas appris). ", kept.Why);
        // What would let a version be promoted.
        Assert.EndsWith("ajoutez des étiquettes (réponses des acheteurs, fichier d'étiquettes) avant de réentraîner", kept.Why);
        Assert.False(RetrainHandler.Compare(few, null, small, served).Promote);
        Assert.True(RetrainHandler.Compare(few, evaluation, served, small).Promote);
        Assert.False(RetrainHandler.Compare(few, evaluation, served with { Positives = served.Positives.ToDictionary(p => p.Key, p => p.Key == Labels.Reserved ? p.Value - 1 : p.Value) }, served).Promote);
        Assert.False(RetrainHandler.Compare(few, evaluation).Promote);
    }
}

[Collection(ClassifierCollection.Name)]
public sealed class RetrainHandlerTests(AzuriteFixture azurite)
{
    /// <summary>Storage holding the lots of the 97 real TED notices of one sampling folder, parsed as the pipeline does.</summary>
    public static async Task<ClausesStorage> StoreNoticesAsync(AzuriteFixture azurite)
    {
        var storage = azurite.Storage();
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        foreach (var file in SharedData.Files(Path.Combine("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S03.E01")))
        {
            await parse.HandleAsync($"ted/{Path.GetFileName(file)}", BinaryData.FromBytes(File.ReadAllBytes(file)), CancellationToken.None);
        }
        return storage;
    }

    [Fact]
    public async Task RetrainsOnStoredLotsWithAdminLabelsAndRecordsTheDecision()
    {
        var storage = await StoreNoticesAsync(azurite);
        var labels = BinaryData.FromString("""
            noticeId,lotId,social,reserved,green,title,mainCpv,department
            091489-2019,1,1,,,,,
            ADMIN-7,1,1,1,0,Entretien des espaces verts par un chantier d'insertion,77310000,93
            """);
        var models = new ModelStore(storage);
        var handler = new RetrainHandler(storage, models, NullLogger<RetrainHandler>.Instance) { Trainers = [LotClassifierTrainer.Sdca] };

        var outcome = await handler.HandleAsync("training/labels.csv", labels, CancellationToken.None);

        Assert.Empty(outcome.Problems);
        // Award notices' lots count for green, not for reserved: their form has no reservation section.
        Assert.True(outcome.Evaluation.Model[Labels.Green].Count > outcome.Evaluation.Model[Labels.Reserved].Count);
        Assert.True(outcome.Evaluation.Model[Labels.Reserved].Count > 10);
        var metrics = await storage.Container(StorageNames.Models).GetBlobClient($"lots/{outcome.Version}.metrics.json").DownloadContentAsync();
        Assert.Contains("\"promoted\"", metrics.Value.Content.ToString());
        Assert.Contains("\"feedback\"", metrics.Value.Content.ToString());
        var current = await models.CurrentAsync(CancellationToken.None);
        Assert.Equal(outcome.Promoted, current?.Version == outcome.Version);
        Assert.Equal(outcome.Promoted, RetrainHandler.Compare(outcome.Compared, outcome.Current).Promote);
    }

    [Fact]
    public async Task ServesAModelOfEveryLotAndJudgesTheCurrentModelOnlyOnLotsItNeverLearnt()
    {
        var storage = await StoreNoticesAsync(azurite);
        var stored = await StoredLots.RowsAsync(storage, CancellationToken.None);
        var (train, test) = TrainingSet.SplitByNotice(stored);
        var models = new ModelStore(storage);
        var handler = new RetrainHandler(storage, models, NullLogger<RetrainHandler>.Instance) { Trainers = [LotClassifierTrainer.Sdca] };
        var noLabels = BinaryData.FromString("noticeId,lotId,social,reserved,green\n");

        var first = await handler.HandleAsync("training/first.csv", noLabels, CancellationToken.None);

        // Served: every stored lot, the held-apart ones included. Measured (and kept for the next gate): the split's 70%.
        var served = await models.LoadAsync(first.Version, CancellationToken.None);
        Assert.Equal(stored.Count, served.Info.TrainingLots);
        Assert.Equal(stored.Select(r => r.NoticeKey).ToHashSet(), served.TrainingNotices);
        var measured = await models.LoadMeasuredAsync(first.Version, CancellationToken.None);
        Assert.Equal(train.Count, measured.Info.TrainingLots);
        Assert.DoesNotContain(test, r => measured.TrainingNotices!.Contains(r.NoticeKey));
        Assert.Equal(ModelEvaluation.Capped(test, Labels.Green).Count, first.Evaluation.Model[Labels.Green].Count);

        // The next retraining compares its candidate with the measured model, on all the lots held apart: neither learnt them.
        await models.PromoteAsync(first.Version, CancellationToken.None);
        var second = await handler.HandleAsync("training/second.csv", noLabels, CancellationToken.None);

        Assert.NotNull(second.Current);
        Assert.Equal(first.Evaluation.Model[Labels.Green].Count, second.Current.Model[Labels.Green].Count);
        Assert.Equal(second.Evaluation.Model[Labels.Green].Count, second.Compared.Model[Labels.Green].Count);
        Assert.Equal(second.Promoted, RetrainHandler.Compare(second.Compared, second.Current).Promote);

        // A current model saved without its measured one, trained on every lot, has nothing it never learnt: it is not judged on lots it saw.
        var alone = new LotModel(served.Vocabulary, served.Heads, served.Info with { Version = "sans-mesure" }) { TrainingNotices = served.TrainingNotices };
        await models.PromoteAsync(await models.SaveAsync(alone, new { }, CancellationToken.None), CancellationToken.None);
        var third = await handler.HandleAsync("training/third.csv", noLabels, CancellationToken.None);

        Assert.Null(third.Current);
        Assert.True(third.Promoted);
        Assert.Contains("rien à comparer", third.Why);
    }

    [Fact]
    public async Task LeavesOutOfALabelTheStoredLotsWhoseFormCannotDeclareIt()
    {
        var storage = azurite.Storage();
        var parser = new NoticeParser();
        var parse = new ParseNoticeHandler(storage, parser, NullLogger<ParseNoticeHandler>.Instance);
        var files = SharedData.Files(Path.Combine("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S05.E01")).ToList();
        foreach (var file in files)
        {
            await parse.HandleAsync($"ted/{Path.GetFileName(file)}", BinaryData.FromBytes(File.ReadAllBytes(file)), CancellationToken.None);
        }
        var parsed = TrainingSet.FromNotices(files.SelectMany(f => parser.Parse(f, File.ReadAllBytes(f)).Notices));

        var stored = await StoredLots.RowsAsync(storage, CancellationToken.None);

        // TED R2 award notices have no reservation or performance-condition section: unknown, read back as unknown.
        Assert.Contains(parsed, r => r.NoticeKind == nameof(NoticeKind.ContractAward) && !r.Knows(Labels.Reserved) && !r.Knows(Labels.Social));
        var byKey = stored.ToDictionary(r => (r.NoticeKey, r.LotId));
        foreach (var row in parsed)
        {
            var back = byKey[(row.NoticeKey, row.LotId)];
            foreach (var label in Labels.All) Assert.Equal(row.Knows(label), back.Knows(label));
        }

        var handler = new RetrainHandler(storage, new ModelStore(storage), NullLogger<RetrainHandler>.Instance) { Trainers = [LotClassifierTrainer.Sdca] };
        var outcome = await handler.HandleAsync("training/none.csv", BinaryData.FromString("noticeId,lotId,social,reserved,green\n"), CancellationToken.None);

        var (_, test) = TrainingSet.SplitByNotice(stored);
        Assert.Contains(test, r => !r.Knows(Labels.Reserved));
        Assert.Equal(ModelEvaluation.Capped(test, Labels.Reserved).Count, outcome.Evaluation.Model[Labels.Reserved].Count);
        Assert.Equal(ModelEvaluation.Capped(test, Labels.Reserved).Count(i => test[i].Reserved), outcome.Evaluation.Model[Labels.Reserved].Positives);
    }

    [Fact]
    public void AnAdminLotKnowsOnlyTheLabelsTheAdminGave()
    {
        using var csv = new StringReader("""
            noticeId,lotId,social,reserved,green,title,mainCpv
            ADMIN-9,1,1,,,Entretien des espaces verts par un chantier d'insertion,77310000
            """);

        var (rows, problems) = TrainingSet.ApplyAdminLabels([], csv);

        Assert.Empty(problems);
        var row = Assert.Single(rows);
        Assert.True(row.Knows(Labels.Social) && row.Social);
        Assert.False(row.Knows(Labels.Reserved));
        Assert.False(row.Knows(Labels.Green));
    }
}

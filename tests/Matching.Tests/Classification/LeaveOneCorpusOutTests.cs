using ClausesSociales.Classification;
using ClausesSociales.Cli;
using ClausesSociales.Notices;

namespace ClausesSociales.Tests.Classification;

public sealed class LeaveOneCorpusOutTests
{
    [Fact]
    public void TrainsOnRealPublishedNoticesOnlyEvenFromTheWholeConverterFolder()
    {
        var converter = SharedData.Path("ted-xml-data-converter");
        var originals = ClassifierCommands.Rows(
            [SharedData.Path("ted-xml-data-converter", "development-notices", "ted-xml"), SharedData.Path("ted-xml-data-converter", "test-notices", "ted-xml")],
            new NoticeParser(), TextWriter.Null);

        var rows = ClassifierCommands.TrainingRows([converter], new NoticeParser(), TextWriter.Null);

        // The converted eForms files (derived, with reservations the originals lack) are left out: the rows are the originals'.
        Assert.Contains(Directory.EnumerateFiles(converter, "*.xml", SearchOption.AllDirectories), f => f.Contains("eforms-xml", StringComparison.Ordinal));
        Assert.Equal(originals.Select(r => (r.NoticeKey, r.LotId, r.Reserved)).Order(), rows.Select(r => (r.NoticeKey, r.LotId, r.Reserved)).Order());
        Assert.All(rows, r => Assert.Equal("ted-xml-data-converter TED XML", r.Corpus));
        Assert.False(TrainingCorpora.IsTrainingNotice(SharedData.EformsExample("cn_24_maximal_100_lots")));
    }

    [Fact]
    public void AFolderOfOnesOwnNamedLikeASharedDataFolderIsStillRead()
    {
        // "geo" is a shared data folder of no notices; a folder of notices below one of that name is read all the same.
        var root = Directory.CreateTempSubdirectory("corpora-");
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(root.FullName, "geo", "train")).FullName;
            var notice = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S04.E01", "eforms_subtype_16", "133856-2021.xml");
            File.Copy(notice, Path.Combine(folder, "133856-2021.xml"));
            File.Copy(SharedData.EformsExample("cn_24_maximal_100_lots"), Path.Combine(Directory.CreateDirectory(Path.Combine(folder, "eforms-sdk")).FullName, "cn.xml"));

            var rows = ClassifierCommands.TrainingRows([folder], new NoticeParser(), TextWriter.Null);

            Assert.Equal(["ted_133856-2021"], rows.Select(r => r.NoticeKey).Distinct());
            Assert.True(TrainingCorpora.IsTrainingNotice(Path.Combine(folder, "133856-2021.xml"), folder));
            Assert.False(TrainingCorpora.IsTrainingNotice(Path.Combine(folder, "eforms-sdk", "cn.xml"), folder));

            // A folder without notices is refused with a message, not a crash in the trainer.
            var empty = Directory.CreateDirectory(Path.Combine(root.FullName, "empty")).FullName;
            Assert.Equal(2, ClassifierCommands.RunTrain([empty], null, Path.Combine(root.FullName, "model"), [LotClassifierTrainer.Sdca], quiet: true, corpusEvaluation: false));
            Assert.False(File.Exists(Path.Combine(root.FullName, "model", "model.zip")));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheModelWrittenLearnsFromEveryLotTheSplitHeldApartIncluded()
    {
        var data = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021");
        var rows = ClassifierCommands.TrainingRows([data], new NoticeParser(), TextWriter.Null);
        var (train, test) = TrainingSet.SplitByNotice(rows);
        var output = Directory.CreateTempSubdirectory("train-").FullName;
        try
        {
            Assert.Equal(0, ClassifierCommands.RunTrain([data], null, output, [LotClassifierTrainer.Sdca], quiet: true, corpusEvaluation: false));

            using var file = File.OpenRead(Path.Combine(output, "model.zip"));
            var served = LotModel.Load(file);
            // Measured on the split (train.Count lots learnt, test.Count held apart), served from all of them.
            Assert.NotEmpty(test);
            Assert.Equal(rows.Count, served.Info.TrainingLots);
            Assert.Equal(TrainingSet.Hash(rows), served.Info.TrainingSetHash);
            Assert.NotEqual(TrainingSet.Hash(train), served.Info.TrainingSetHash);
            using var metrics = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "metrics.json")));
            Assert.Equal(rows.Count, metrics.RootElement.GetProperty("info").GetProperty("trainingLots").GetInt32());
            Assert.Equal(ModelEvaluation.Capped(test, Labels.Green).Count, metrics.RootElement.GetProperty("evaluation").GetProperty("green").GetProperty("count").GetInt32());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public void HoldsACorpusApartWithItsBuyersAndProcedures()
    {
        var rows = ClassifierCommands.TrainingRows(
            [SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021"), SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S03.E01")],
            new NoticeParser(), TextWriter.Null);
        Assert.Equal(["ted-rdf-mapping R2 2014-2022", "ted-rdf-mapping R2 2021"], rows.Select(r => r.Corpus).Distinct().Order());

        var (train, held) = LeaveOneCorpusOut.Split(rows, "ted-rdf-mapping R2 2021");

        Assert.All(held, r => Assert.Equal("ted-rdf-mapping R2 2021", r.Corpus));
        Assert.All(train, r => Assert.Equal("ted-rdf-mapping R2 2014-2022", r.Corpus));
        var buyers = held.Select(r => r.BuyerKey).Where(b => b.Length > 0).ToHashSet();
        Assert.DoesNotContain(train, r => buyers.Contains(r.BuyerKey));
        Assert.True(train.Count > held.Count);
    }

    [Fact]
    public void CountsReservedAndSocialOnContractAndPriorInformationNoticesOnly()
    {
        var rows = ClassifierCommands.TrainingRows([SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021")], new NoticeParser(), TextWriter.Null);

        var award = rows.First(r => r.NoticeKind == nameof(NoticeKind.ContractAward) && r.Knows(Labels.Green));
        var contract = rows.First(r => r.NoticeKind == nameof(NoticeKind.ContractNotice) && r.Knows(Labels.Reserved));

        Assert.False(LeaveOneCorpusOut.CanDeclare(award, Labels.Reserved));
        Assert.False(LeaveOneCorpusOut.CanDeclare(award, Labels.Social));
        Assert.True(LeaveOneCorpusOut.CanDeclare(award, Labels.Green));
        Assert.True(LeaveOneCorpusOut.CanDeclare(contract, Labels.Reserved));
    }
}

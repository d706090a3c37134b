using ClausesSociales.Classification;
using ClausesSociales.Notices;

namespace ClausesSociales.Tests.Classification;

/// <summary>A small real training set, and a model trained on it once for the tests that need one.</summary>
public sealed class ClassifierFixture
{
    public ClassifierFixture()
    {
        var parser = new NoticeParser();
        var files = SharedData.Files(Path.Combine("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S03.E01"))
            .Concat(SharedData.Files(Path.Combine("ted-rdf-mapping", "test_data", "sampling_2021")));
        Rows = TrainingSet.FromNotices(files.SelectMany(f => parser.Parse(f, File.ReadAllBytes(f)).Notices));
        (Train, Test) = TrainingSet.SplitByNotice(Rows);
        Model = new LotClassifierTrainer().Train(Train, TrainingSet.Hash(Train), trainers: [LotClassifierTrainer.Sdca]);
    }

    public List<LotRow> Rows { get; }
    public List<LotRow> Train { get; }
    public List<LotRow> Test { get; }
    public LotModel Model { get; }
}

[CollectionDefinition(Name)]
public sealed class ClassifierCollection : ICollectionFixture<ClassifierFixture>, ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Classifier";
}

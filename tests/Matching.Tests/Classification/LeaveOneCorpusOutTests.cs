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

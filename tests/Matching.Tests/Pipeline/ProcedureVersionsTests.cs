using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Pipeline;

/// <summary>Real eForms SDK notices and the change notices that correct them, stored in either order.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ProcedureVersionsTests(AzuriteFixture azurite)
{
    private async Task<List<LotEntity>> ParseAsync(params string[] examples)
    {
        var storage = azurite.Storage();
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        var lots = new List<LotEntity>();
        foreach (var example in examples)
        {
            var outcome = await parse.HandleAsync($"ted/sdk/{example}.xml", BinaryData.FromBytes(File.ReadAllBytes(SharedData.EformsExample(example))), CancellationToken.None);
            Assert.True(outcome.Success, outcome.Error);
        }
        foreach (var example in examples.Distinct())
        {
            var noticeId = new NoticeParser().Parse(example, File.ReadAllBytes(SharedData.EformsExample(example))).Notices[0].NoticeId;
            await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == TableKeys.Notice("ted", noticeId))) lots.Add(lot);
        }
        return lots;
    }

    [Fact]
    public async Task AChangeNoticeSupersedesTheLotsOfTheNoticeItCorrects()
    {
        var lots = await ParseAsync("cn_24_open", "change-cn_24_open_dates");

        var original = lots.Where(l => l.NoticeId == lots[0].NoticeId).ToList();
        var change = lots.Where(l => l.NoticeId != lots[0].NoticeId).ToList();
        Assert.NotEmpty(original);
        Assert.NotEmpty(change);
        Assert.All(lots, l => Assert.Equal("31f258b6-5eb2-4875-8997-affa3cdce27c", l.ProcedureId));
        Assert.All(original, l => Assert.Equal(change[0].NoticeId, l.SupersededBy));
        Assert.All(change, l => Assert.True(l.IsCurrent()));
    }

    [Fact]
    public async Task TheOrderOfArrivalDoesNotMatterAndParsingAgainChangesNothing()
    {
        // The change notice first, then the notice it corrects, then both again.
        var first = await ParseAsync("change-cn_24_cumbria_suppliers", "cn_24_cumbria");
        var again = await ParseAsync("cn_24_cumbria", "change-cn_24_cumbria_suppliers", "cn_24_cumbria");

        var changeId = new NoticeParser().Parse("change", File.ReadAllBytes(SharedData.EformsExample("change-cn_24_cumbria_suppliers"))).Notices[0].NoticeId;
        Assert.All(first.Where(l => l.NoticeId == changeId), l => Assert.True(l.IsCurrent()));
        Assert.All(first.Where(l => l.NoticeId != changeId), l => Assert.Equal(changeId, l.SupersededBy));
        Assert.Equal(first.Select(l => (l.PartitionKey, l.RowKey, l.SupersededBy ?? "")).Order(), again.Select(l => (l.PartitionKey, l.RowKey, l.SupersededBy ?? "")).Order());
    }

    [Theory]
    [InlineData("2026-11-02", false, "2026-11-01", true, 0)]
    [InlineData("2026-11-01", false, "2026-11-01", true, 1)]
    [InlineData(null, false, null, true, 1)]
    public void TheCurrentVersionIsTheLatestPublishedThenTheChange(string? firstDate, bool firstIsChange, string? secondDate, bool secondIsChange, int expected)
    {
        var versions = new[]
        {
            new ProcedureEntity { NoticeId = "A", PublicationDate = firstDate, IsChange = firstIsChange },
            new ProcedureEntity { NoticeId = "B", PublicationDate = secondDate, IsChange = secondIsChange },
        };
        Assert.Same(versions[expected], ProcedureVersions.Current(versions));
    }
}

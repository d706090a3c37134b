using System.Text;
using Newtonsoft.Json.Linq;
using Azure.Data.Tables;
using ClausesSociales.Decp;
using ClausesSociales.Geography;
using ClausesSociales.Matching;
using ClausesSociales.Notices;
using ClausesSociales.Storage;
using ClausesSociales.Structures;

namespace ClausesSociales.Tests.Decp;

[Collection(AzuriteCollection.Name)]
public sealed class DecpStoreTests(AzuriteFixture azurite)
{
    private static async Task<int> CountAsync(TableClient table)
    {
        var n = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"])) n++;
        return n;
    }

    [Fact]
    public async Task ImportingTheSampleTwiceChangesNothingAndGivesLabelledRows()
    {
        var storage = azurite.Storage();
        var store = new DecpStore(storage);
        await using (var first = File.OpenRead(DecpReaderTests.SamplePath)) Assert.Equal(4, (await store.ImportAsync(first)).Contracts); // the fifth holds NaN and is skipped
        var contracts = await CountAsync(storage.Table(StorageNames.Contracts));
        var awards = await CountAsync(storage.Table(StorageNames.Awards));

        await using (var second = File.OpenRead(DecpReaderTests.SamplePath)) await store.ImportAsync(second);

        Assert.Equal(contracts, await CountAsync(storage.Table(StorageNames.Contracts)));
        Assert.Equal(awards, await CountAsync(storage.Table(StorageNames.Awards)));
        var stored = new List<DecpContract>();
        await foreach (var c in store.ContractsAsync()) stored.Add(c);
        var social = Assert.Single(stored, c => c.Key == "21500222100012_202207LOT03");
        Assert.Equal(["91824625700011"], social.Titulaires.Select(t => t.Id));

        // Labelled rows for training: the social contract is a positive, with its CPV and department (Manche, postal code 50340).
        var rows = DecpTraining.Rows(stored.Where(c => c.Key is "21500222100012_202207LOT03" or "22130001500247_2020F00075")).ToList();
        var positive = Assert.Single(rows, r => r.Social);
        Assert.Equal("decp_21500222100012_202207LOT03", positive.NoticeKey);
        Assert.Contains("cpv45223220", positive.Codes);
        Assert.Contains("dep50", positive.Codes);
        Assert.Contains(rows, r => !r.Social && !r.Reserved && !r.Green);
    }

    [Fact]
    public async Task AStructureThatWonContractsGetsItsTrackRecordInTheMatch()
    {
        using var csv = new StreamReader(SharedData.Path("structures", "siae-2021.csv"));
        var siae = new StructureCsvImporter().Read(csv).Structures;
        var matcher = new LotMatcher(new StructureIndex(siae, FrenchGeography.Instance));
        var lot = CleaningLot();
        var before = matcher.Match("n", lot, top: 10).Matches;
        var target = before[3].Structure;

        // The sample with its titulaires replaced by that structure's SIRET in three records, one of them the social one.
        var root = JObject.Parse(await File.ReadAllTextAsync(DecpReaderTests.SamplePath));
        var marches = (JArray)root["marches"]!["marche"]!;
        foreach (var i in new[] { 0, 1, 4 })
        {
            marches[i]["titulaires"] = new JArray(new JObject { ["titulaire"] = new JObject { ["typeIdentifiant"] = "SIRET", ["id"] = target.Siret } });
            marches[i]["id"] = $"TRACK{i}";
        }
        marches[1]["considerationsSociales"] = new JObject { ["considerationSociale"] = new JArray("Clause sociale") };
        var store = new DecpStore(azurite.Storage());
        await store.ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(root.ToString())));

        var records = await store.TrackRecordsAsync(siae.Select(s => s.Siret));
        var record = records.For(target.Siret);
        Assert.NotNull(record);
        Assert.Equal((3, 2, 0), (record.Won, record.WithSocialClause, record.Reserved));
        Assert.Equal("A déjà remporté 3 marchés publics, dont 2 avec clause sociale", record.Reason());

        var after = new LotMatcher(new StructureIndex(siae, FrenchGeography.Instance), trackRecords: records).Match("n", lot, top: 10).Matches;
        var withRecord = Assert.Single(after, m => m.Structure.Siret == target.Siret);
        Assert.Contains("A déjà remporté 3 marchés publics, dont 2 avec clause sociale", withRecord.Reasons);
        Assert.True(withRecord.Score > before[3].Score, $"{withRecord.Score} <= {before[3].Score}");
        Assert.True(after.ToList().FindIndex(m => m.Structure.Siret == target.Siret) < 3);
        Assert.All(after.Where(m => m.Structure.Siret != target.Siret), m => Assert.DoesNotContain(m.Reasons, r => r.StartsWith("A déjà remporté", StringComparison.Ordinal)));
    }

    /// <summary>A real cleaning lot (TED R2 sample), placed in Seine-Saint-Denis.</summary>
    private static Lot CleaningLot()
    {
        var file = SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2014_2022", "R2.0.9.S02.E01", "form_number_F02", "147024-2018.xml");
        var lot = new NoticeParser().Parse(file, File.ReadAllBytes(file)).Notices[0].Lots[0];
        return lot with { Nuts = ["FR106"], Departments = ["93"] };
    }
}

using System.Text;
using System.Text.RegularExpressions;
using ClausesSociales.Decp;

namespace ClausesSociales.Tests.Decp;

/// <summary>The DECP reader on the schema sample of the 2022 format (decp-2022/decp_test_2022.json) and variants of it made here.</summary>
public sealed class DecpReaderTests
{
    public static string SamplePath => SharedData.Path("decp-2022", "decp_test_2022.json");

    private static List<DecpItem> Read(byte[] bytes, int bufferSize = 64 * 1024)
    {
        var reader = new DecpReader(new MemoryStream(bytes), bufferSize);
        var items = new List<DecpItem>();
        while (reader.Next() is { } item) items.Add(item);
        return items;
    }

    [Fact]
    public void ReadsTheSampleWithItsLabelsAndTitulaires()
    {
        var bytes = File.ReadAllBytes(SamplePath);
        var items = Read(bytes);

        Assert.Equal(5, items.Count);
        // The third record of the sample holds "concessionnaires": NaN, which is not JSON: reported where it starts, and skipped.
        var bad = items[2];
        Assert.Null(bad.Contract);
        Assert.StartsWith("JSON invalide dans le marché", bad.Error);
        Assert.Equal((byte)'{', bytes[bad.Offset]);
        Assert.Equal(File.ReadLines(SamplePath).TakeWhile(l => !l.Contains("\"202401L04\"", StringComparison.Ordinal)).Count(), bad.Line);

        var contracts = items.Where(i => i.Contract is not null).Select(i => i.Contract!).ToList();
        Assert.Equal(["2022VI2022.242", "2020F00075", "2019K1209", "202207LOT03"], contracts.Select(c => c.Id));
        Assert.Equal([false, false, false, true], contracts.Select(c => c.Labels.Social));
        Assert.All(contracts, c => Assert.False(c.Labels.Reserved));
        Assert.All(contracts, c => Assert.False(c.Labels.Green));

        var first = contracts[0];
        Assert.Equal("21974022200019", first.BuyerId);
        Assert.Equal("45316110", first.Cpv);
        Assert.Equal(("97430", "Code postal"), (first.PlaceCode, first.PlaceType));
        Assert.Null(first.DurationMonths); // "NC" in the sample
        Assert.Equal(137614m, first.Amount);
        Assert.Equal(new DateOnly(2022, 11, 23), first.NotificationDate);
        Assert.Equal([new Titulaire("SIRET", "12345678900023"), new Titulaire("TVA", "99999999999")], first.Titulaires);
        Assert.Equal(["12345678900023"], first.Titulaires.Select(t => t.Siret).OfType<string>());

        // 2019K1209 lists one titulaire without its "titulaire" wrapper, then two with it: all three are kept.
        Assert.Equal(["39210031900038", "39210873400063", "39830819700035"], contracts[2].Titulaires.Select(t => t.Id));
        Assert.Equal(["Critère social", "Clause sociale"], contracts[3].SocialConsiderations);
    }

    [Fact]
    public void ReadsTheSameRecordsWhateverTheBufferSize()
    {
        var bytes = File.ReadAllBytes(SamplePath);
        var large = Read(bytes).Select(i => (i.Contract?.Key ?? i.Error) + "|" + i.Line + "|" + i.Offset).ToList();
        // A 16-byte buffer forces every token and every record across refills and growths.
        var tiny = Read(bytes, 16).Select(i => (i.Contract?.Key ?? i.Error) + "|" + i.Line + "|" + i.Offset).ToList();
        Assert.Equal(5, large.Count);
        Assert.Equal(large, tiny);
        // Positions are the real ones: each record starts with '{' at its offset.
        Assert.All(Read(bytes), i => Assert.Equal((byte)'{', bytes[i.Offset]));
    }

    [Fact]
    public void ABadRecordIsReportedWithItsPositionAndTheOthersAreRead()
    {
        var text = File.ReadAllText(SamplePath);
        text = text.Replace("\"id\": \"2020F00075\"", "\"identifiant\": \"2020F00075\"", StringComparison.Ordinal);
        text = Regex.Replace(text, "\"acheteur\":\\s*\\{\\s*\"id\":\\s*\"21690123100011\"\\s*\\}", "\"acheteur\": {}");
        var bytes = Encoding.UTF8.GetBytes(text);

        var items = Read(bytes, 256);

        Assert.Equal(5, items.Count);
        Assert.Equal([0L, 4L], items.Where(i => i.Contract is not null).Select(i => i.Index)); // record 2 is the sample's NaN record
        var missingId = items[1];
        Assert.Null(missingId.Contract);
        Assert.Contains("sans identifiant", missingId.Error);
        Assert.Equal(1, missingId.Index);
        Assert.Equal(bytes.AsSpan(0, (int)missingId.Offset).Count((byte)'\n') + 1, missingId.Line);
        Assert.Equal((byte)'{', bytes[missingId.Offset]);
        Assert.Contains("sans acheteur", items[3].Error);
        Assert.Equal("202207LOT03", items[4].Contract!.Id);
    }

    [Fact]
    public void ATruncatedFileEndsWithAnErrorAfterTheRecordsBeforeTheBreak()
    {
        var text = File.ReadAllText(SamplePath);
        var cut = Encoding.UTF8.GetBytes(text[..text.IndexOf("\"2019K1209\"", StringComparison.Ordinal)]);

        var items = Read(cut, 128);

        Assert.Equal(["2022VI2022.242", "2020F00075"], items.Where(i => i.Contract is not null).Select(i => i.Contract!.Id));
        Assert.Equal(4, items.Count);
        Assert.StartsWith("fichier tronqué", items[^1].Error);
    }

    [Fact]
    public void AFileWithoutContractsSaysSo()
    {
        // A DECP file of the 2019 format (the shared decp-json folder is zipped): a bare list, no "marches".
        var item = Assert.Single(Read(Encoding.UTF8.GetBytes("[{\"id\": \"1\"}]")));
        Assert.Null(item.Contract);
        Assert.StartsWith("aucune liste de marchés", item.Error);
        Assert.Empty(Read(Encoding.UTF8.GetBytes("{\"marches\": {\"marche\": []}}")));
    }

    [Fact]
    public async Task TheSampleIsCheckedAgainstTheOfficialSchema()
    {
        using var stream = typeof(DecpReaderTests).Assembly.GetManifestResourceStream("schema_decp_v2.0.4.json")!;
        var schema = await NJsonSchema.JsonSchema.FromJsonAsync(await new StreamReader(stream).ReadToEndAsync());
        // Json.NET, under NJsonSchema, reads NaN as a number: the schema then judges that record too.
        var text = await File.ReadAllTextAsync(SamplePath);

        var errors = schema.Validate(text);

        var paths = Flatten(errors).Select(e => $"{e.Path} {e.Kind}").ToList();
        Assert.Contains(paths, p => p.Contains("marche[0].dureeMois", StringComparison.Ordinal)); // "NC"
        Assert.Contains(paths, p => p.Contains("marche[0].offresRecues", StringComparison.Ordinal)); // 0 < minimum 1
        Assert.Contains(paths, p => p.Contains("marche[2]", StringComparison.Ordinal)); // concession fields in a marché
        Assert.Contains(paths, p => p.Contains("marche[3].titulaires[0]", StringComparison.Ordinal)); // no "titulaire" wrapper

        // The social record, alone: the schema sample leaves out mandatory fields the reader does not need,
        // but every field the reader uses is valid, and the reader reads it with its labels.
        var record = Newtonsoft.Json.Linq.JObject.Parse(text)["marches"]!["marche"]![4]!;
        var single = new Newtonsoft.Json.Linq.JObject { ["marches"] = new Newtonsoft.Json.Linq.JObject { ["marche"] = new Newtonsoft.Json.Linq.JArray(record) } };
        var singleErrors = Flatten(schema.Validate(single.ToString())).Select(e => $"{e.Path} {e.Kind}").ToList();
        Assert.Contains("#/marches.marche[0].marcheInnovant PropertyRequired", singleErrors);
        string[] used = ["].id ", "acheteur", "objet", "codeCPV", "lieuExecution", "dureeMois", "dateNotification", "montant", "titulaires", "considerations"];
        Assert.DoesNotContain(singleErrors, e => used.Any(u => e.Contains(u, StringComparison.Ordinal)));
        var read = Assert.Single(Read(Encoding.UTF8.GetBytes(single.ToString())));
        Assert.Equal(new DecpLabels(true, false, false), read.Contract!.Labels);
    }

    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors)
    {
        foreach (var e in errors)
        {
            yield return e;
            if (e is NJsonSchema.Validation.ChildSchemaValidationError child)
            {
                foreach (var inner in Flatten(child.Errors.SelectMany(kv => kv.Value))) yield return inner;
            }
        }
    }
}

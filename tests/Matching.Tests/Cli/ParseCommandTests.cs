using System.Text.Json;
using ClausesSociales.Cli;

namespace ClausesSociales.Tests.Cli;

public sealed class ParseCommandTests
{
    private static (int Exit, List<JsonElement> Lots, List<JsonElement> Errors) Run(params string[] paths)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = ParseCommand.Run(paths, output, errors);
        static List<JsonElement> Lines(StringWriter w) => w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        return (exit, Lines(output), Lines(errors));
    }

    [Fact]
    public void PrintsOneJsonLinePerLotWithTheDocumentedFields()
    {
        var (exit, lots, _) = Run(SharedData.EformsExample("cn_24_maximal"));

        Assert.Equal(0, exit);
        Assert.Equal(2, lots.Count);
        string[] fields = ["source", "noticeId", "noticeKind", "publicationDate", "buyerName", "lotId", "title", "description", "mainCpv",
            "additionalCpv", "nuts", "department", "estimatedValue", "currency", "deadline", "markers"];
        Assert.All(lots, lot => Assert.All(fields, f => Assert.True(lot.TryGetProperty(f, out _), $"missing {f}")));
        var markers = lots[0].GetProperty("markers");
        Assert.Equal(["res-pub-ser", "res-exec"], markers.GetProperty("reserved").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["acc-all"], markers.GetProperty("social").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["clim-mitig", "env-imp"], markers.GetProperty("green").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Services administratifs de l'enseignement", lots[0].GetProperty("mainCpvLabel").GetString());
    }

    [Fact]
    public void AFileTheParsersCannotReadIsReportedAndTheOthersAreStillPrinted()
    {
        var folder = Directory.CreateTempSubdirectory("clauses-parse-").FullName;
        try
        {
            var inputs = Pipeline.HostileInputs.Write(folder, "parse-command");
            var (exit, lots, errors) = Run(folder);

            Assert.Equal(0, exit);
            // Every file is either printed (its lots) or reported (its error), none silently dropped.
            var printed = lots.Select(l => l.GetProperty("noticeId").GetString()).ToHashSet();
            Assert.Contains("parse-command-03", printed); // donnees is an array: read from the record's own fields
            Assert.Contains("parse-command-04", printed); // donnees is a number
            var rejected = errors.Where(e => e.TryGetProperty("error", out _)).Select(e => Path.GetFileName(e.GetProperty("file").GetString())).ToList();
            Assert.Equal(inputs.Count(i => i.Expected == Pipeline.HostileExpectation.Quarantined), rejected.Count);
            Assert.Contains("deep.json", rejected);
            Assert.Contains(errors, e => e.TryGetProperty("defect", out var d) && d.GetString()!.Contains("donnees is an array"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void ReportsRejectedFilesOnStderrAndSucceedsWhenOneFileParsed()
    {
        var (exit, lots, errors) = Run(SharedData.Path("boamp-rdf"));

        Assert.Equal(0, exit);
        Assert.NotEmpty(lots);
        var rejected = Assert.Single(errors, e => e.TryGetProperty("error", out _));
        Assert.EndsWith("README.md", rejected.GetProperty("file").GetString());
    }

    [Fact]
    public void ExitsWithTwoWhenNoFileParsed()
    {
        var (exit, lots, errors) = Run(SharedData.Path("geo"));

        Assert.Equal(2, exit);
        Assert.Empty(lots);
        Assert.Equal(2, errors.Count(e => e.TryGetProperty("error", out _)));
    }
}

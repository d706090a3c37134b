using System.Text.Json;
using ClausesSociales.Cli;

namespace ClausesSociales.Tests.Cli;

public sealed class MatchCommandTests
{
    [Fact]
    public void PrintsTheTopStructuresOfEachLotAsJsonLinesFromFilesAlone()
    {
        var output = new StringWriter();
        var sample = Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "26-104233.html");

        var exit = MatchCommand.Run([sample], SharedData.Path("structures", "siae-2021.csv"), 3, json: true, output, TextWriter.Null);

        Assert.Equal(0, exit);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line =>
        {
            Assert.Equal("26-104233", line.GetProperty("noticeId").GetString());
            Assert.True(line.TryGetProperty("potential", out _));
            var matches = line.GetProperty("matches").EnumerateArray().ToList();
            Assert.Equal(3, matches.Count);
            Assert.All(matches, m =>
            {
                foreach (var field in new[] { "siret", "name", "kind", "distanceKm", "score", "reasons" }) Assert.True(m.TryGetProperty(field, out _), field);
                Assert.NotEmpty(m.GetProperty("reasons").EnumerateArray());
            });
        });
        Assert.Equal("reserver-siae", lines[0].GetProperty("potential").GetProperty("recommendation").GetString());
        Assert.Equal("deja-reserve", lines[1].GetProperty("potential").GetProperty("recommendation").GetString());
    }
}

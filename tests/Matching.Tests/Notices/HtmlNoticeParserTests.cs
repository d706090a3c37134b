using ClausesSociales.Notices;

namespace ClausesSociales.Tests.Notices;

public sealed class HtmlNoticeParserTests
{
    private readonly NoticeParser _parser = new();
    private static string Sample => Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "26-104233.html");

    [Fact]
    public void ReadsLotsAndFieldsOfABoampStylePage()
    {
        var parsed = _parser.Parse(Sample, File.ReadAllBytes(Sample));

        Assert.Equal(NoticeFormat.Html, parsed.Format);
        var notice = Assert.Single(parsed.Notices);
        Assert.Equal("26-104233", notice.NoticeId);
        Assert.Equal(NoticeKind.ContractNotice, notice.Kind);
        Assert.Equal(new DateOnly(2026, 11, 16), notice.PublicationDate);
        Assert.Equal("Commune de Montreuil", notice.Buyer.Name);
        Assert.Equal("21930048000015", notice.Buyer.Identifier);
        Assert.Equal(["1", "2"], notice.Lots.Select(l => l.LotId));
        Assert.Equal(["90911200", "90911300"], notice.Lots.Select(l => l.MainCpv));
        Assert.Equal([800000m, 450000m], notice.Lots.Select(l => l.EstimatedValue));
        Assert.All(notice.Lots, l =>
        {
            Assert.Equal("93", l.Department);
            Assert.Equal(48m, l.DurationMonths);
            Assert.Equal(new DateTimeOffset(2026, 12, 15, 12, 0, 0, TimeSpan.FromHours(1)), l.Deadline);
            Assert.Equal(["exec-soc"], l.Markers.Social);
            Assert.Equal(["crit-env"], l.Markers.Green);
        });
        Assert.Empty(notice.Lots[0].Markers.Reserved);
        Assert.Equal(["res-siae"], notice.Lots[1].Markers.Reserved);
    }

    [Fact]
    public void RejectsAPageThatHoldsNoNotice()
    {
        var html = "<!DOCTYPE html><html><body><nav>Accueil</nav><p>Page introuvable</p></body></html>"u8.ToArray();

        var ex = Assert.Throws<NoticeParseException>(() => _parser.Parse("404.html", html));

        Assert.Contains("holds no notice", ex.Reason);
    }
}

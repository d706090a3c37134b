using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

public sealed class LotCardsTests
{
    // A deadline stored in UTC reads in French time in pages, digests and alerts: UTC+2 in summer, UTC+1 in winter.
    [Theory]
    [InlineData("2026-07-01T10:00:00Z", "01/07/2026 12:00")]
    [InlineData("2026-12-14T11:00:00Z", "14/12/2026 12:00")]
    [InlineData("2026-03-29T00:30:00Z", "29/03/2026 01:30")]
    [InlineData("2026-03-29T01:30:00Z", "29/03/2026 03:30")]
    public void AnInstantReadsInParisTimeSummerAndWinter(string instant, string shown)
    {
        Assert.Equal(shown, LotCards.ParisTime(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("Réponse avant le " + shown, LotCards.Deadline(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }

    // An amount keeps its euro sign on its line, on a phone too.
    [Fact]
    public void AnAmountDoesNotBreakBeforeItsCurrency()
    {
        var shown = LotCards.Value(390_000)!;
        Assert.EndsWith("\u00A0€", shown);
        Assert.DoesNotContain(' ', shown);
    }
}

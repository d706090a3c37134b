using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

public sealed class LotCardsTests
{
    // A deadline stored in UTC reads in French time in pages, digests and alerts: UTC+2 in summer, UTC+1 in winter.
    [Theory]
    [InlineData("2026-07-01T10:00:00Z", "01/07/2026 12:00", "1er juillet 2026 à 12\u00A0h")]
    [InlineData("2026-12-14T11:00:00Z", "14/12/2026 12:00", "14 décembre 2026 à 12\u00A0h")]
    [InlineData("2026-03-29T00:30:00Z", "29/03/2026 01:30", "29 mars 2026 à 1\u00A0h\u00A030")]
    [InlineData("2026-03-29T01:30:00Z", "29/03/2026 03:30", "29 mars 2026 à 3\u00A0h\u00A030")]
    public void AnInstantReadsInParisTimeSummerAndWinter(string instant, string shown, string inWords)
    {
        Assert.Equal(shown, LotCards.ParisTime(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
        // The deadline as the French write it: the day in words, the hour "12 h".
        Assert.Equal("Réponse avant le " + inWords, LotCards.Deadline(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }

    // French typography on every page's text: no line starts with ": une alerte" or "000 repas"; addresses and tags untouched.
    [Fact]
    public void ThePunctuationAndDigitGroupsOfAPageDoNotBreakFromWhatTheyFollow()
    {
        Assert.Equal("Pour ESAT Jardins\u00A0: une alerte\u00A0; vraiment\u00A0? Oui\u00A0! Environ 120\u00A0000 repas, <a href=\"/x?y=1&amp;z=2\" title=\"a:b\">lot 2</a> 2026-11",
            Html.Typography("Pour ESAT Jardins : une alerte ; vraiment ? Oui ! Environ 120 000 repas, <a href=\"/x?y=1&amp;z=2\" title=\"a:b\">lot 2</a> 2026-11"));
        Assert.Contains("\u00A0: une alerte", Html.Page("Titre", "<p>Pour X : une alerte</p>"));
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

using ClausesSociales.Digests;
using ClausesSociales.Matching;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Digests;

public sealed class DigestRendererTests
{
    private static Digest Digest(int lots, int structures) => new("Commune de Montreuil", "achats@montreuil.example", "2026-W48",
        [new DigestSection("Lots pouvant être réservés", "Article L2113-12", Enumerable.Range(1, lots).Select(i => new DigestLot(
            "ted", "00712345-2026", $"LOT-000{i}", $"Entretien des espaces verts, secteur {i}", "77310000", "Seine-Saint-Denis (93)", "120 000 €", null, null,
            "probabilité estimée à 40 %", null, null, [], "https://clauses.example/i", "https://clauses.example/n", "https://clauses.example/p")).ToList())],
        structures, "https://clauses.example/u", "21930048000015", "https://clauses.example/w", "https://clauses.example/m");

    [Fact]
    public void WordsAndVerbsAgreeWithTheCounts()
    {
        var renderer = new DigestRenderer();

        var (html, text) = renderer.Render(Digest(1, 1));
        Assert.Contains("Commune de Montreuil : 1 lot pourrait porter une clause ; 1 structure de l'ESS à proximité peut y répondre.", text);
        Assert.Contains("<strong>1 lot</strong> de vos consultations est réservé ou pourrait l'être, ou porter", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("1 lot pourrait porter une clause</h1>", html);
        Assert.Contains("1 structure de l'économie sociale et solidaire</strong> à proximité peut y répondre", html);
        Assert.DoesNotContain("(s)", html + text);

        (html, text) = renderer.Render(Digest(3, 24));
        Assert.Contains("Commune de Montreuil : 3 lots pourraient porter une clause ; 24 structures de l'ESS à proximité peuvent y répondre.", text);
        Assert.Contains("<strong>3 lots</strong> de vos consultations sont réservés ou pourraient l'être, ou porter", System.Net.WebUtility.HtmlDecode(html));
        Assert.Contains("à proximité peuvent y répondre", DigestWebPage.Body(Digest(3, 24)));
        Assert.Contains("<strong>1 lot</strong> de vos consultations est réservé ou pourrait l'être", System.Net.WebUtility.HtmlDecode(DigestWebPage.Body(Digest(1, 1))));

        // The count is of every structure nearby; the lots name the best placed only, and say so when there are any.
        Assert.Contains("peuvent y répondre. Les mieux placées sont citées sous chaque lot.", html);
        Assert.Contains("peuvent y répondre. Les mieux placées sont citées sous chaque lot.", DigestWebPage.Body(Digest(3, 24)));
        var (noneNearby, _) = renderer.Render(Digest(1, 0));
        Assert.DoesNotContain("Les mieux placées", noneNearby + DigestWebPage.Body(Digest(1, 0)));
        // When a lot's list is full (its best-placed structures only), the count is a floor.
        var floor = Digest(3, 24) with { StructuresNearbyAtLeast = true };
        var (floorHtml, floorText) = renderer.Render(floor);
        Assert.Contains("; au moins 24 structures de l'ESS à proximité peuvent y répondre.", floorText);
        Assert.Contains("<strong>au moins 24 structures de l'économie sociale et solidaire</strong>", System.Net.WebUtility.HtmlDecode(floorHtml));
        Assert.Contains("<strong>au moins 24 structures de l'économie sociale et solidaire</strong>", System.Net.WebUtility.HtmlDecode(DigestWebPage.Body(floor)));
        Assert.DoesNotContain("au moins", text);
    }

    [Fact]
    public void AStructureARecommendedReservationWouldNotAdmitSaysSoInEveryForm()
    {
        var lot = Digest(1, 2).Sections[0].Lots[0] with
        {
            Recommendation = InclusivePotential.Advice(InclusivePotential.ReserveSheltered),
            Structures =
            [
                new DigestStructure("90012345600007", "ESAT Les Ateliers du Rhône", "ESAT", "22 km", "Activité compatible") { Caveat = InclusivePotential.Caveat(InclusivePotential.ReserveSheltered, "ESAT") },
                new DigestStructure("38786009100074", "SASU SERV DOMICILE", "EI", "12 km", "Activité compatible") { Caveat = InclusivePotential.Caveat(InclusivePotential.ReserveSheltered, "EI") },
            ],
        };
        var digest = Digest(1, 2) with { Sections = [Digest(1, 2).Sections[0] with { Lots = [lot] }] };

        var (html, text) = new DigestRenderer().Render(digest);

        // Read as text: the web page spells the kind out in an <abbr> around it.
        foreach (var form in new[] { html, text, DigestWebPage.Body(digest) }.Select(f => System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(f, "<abbr[^>]*>|</abbr>", ""))))
        {
            Assert.Contains("(EI, 12 km, non éligible si le lot est réservé aux ESAT et EA)", form);
            Assert.Contains("(ESAT, 22 km)", form);
        }
    }

    [Theory]
    [InlineData(0, "0 lot")]
    [InlineData(1, "1 lot")]
    [InlineData(2, "2 lots")]
    [InlineData(1234, "1\u202F234 lots")]
    public void ACountTakesThePluralFromTwo(int n, string expected) => Assert.Equal(expected, Plurals.Count(n, "lot", "lots"));
}

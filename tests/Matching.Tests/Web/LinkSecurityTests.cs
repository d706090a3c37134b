using ClausesSociales.Digests;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

public sealed class LinkSecurityTests
{
    private const string Key = "a-test-signing-key-of-enough-length";
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnExpiringLinkVerifiesOnlyForItsOwnValuesPurposeAndKeyAndOnlyUntilItExpires()
    {
        var links = new SignedLinks(Key, "https://clauses.example");
        var values = new[] { "41234567800012", "contact@exemple.fr", "nonce-1" };
        var link = new Uri(links.ExpiringLink("/structures/confirm?siret=41234567800012", "confirm", values, Now.AddDays(7)));
        var query = System.Web.HttpUtility.ParseQueryString(link.Query);
        Assert.Equal("41234567800012", query["siret"]);

        Assert.Equal(LinkCheck.Valid, links.VerifyExpiring("confirm", values, query["exp"], query["token"], Now));
        Assert.Equal(LinkCheck.Expired, links.VerifyExpiring("confirm", values, query["exp"], query["token"], Now.AddDays(8)));
        // The same signature for another purpose, other values (a rotated nonce: a replay), a moved expiry or another key is refused.
        Assert.Equal(LinkCheck.Forged, links.VerifyExpiring("manage", values, query["exp"], query["token"], Now));
        Assert.Equal(LinkCheck.Forged, links.VerifyExpiring("confirm", [values[0], values[1], "nonce-2"], query["exp"], query["token"], Now));
        Assert.Equal(LinkCheck.Forged, links.VerifyExpiring("confirm", values, (Now.AddDays(30).ToUnixTimeSeconds()).ToString(), query["token"], Now));
        Assert.Equal(LinkCheck.Forged, new SignedLinks(Key + "-other", "https://clauses.example").VerifyExpiring("confirm", values, query["exp"], query["token"], Now));
        Assert.Equal(LinkCheck.Forged, links.VerifyExpiring("confirm", values, "-1", query["token"], Now));
        Assert.Equal(LinkCheck.Forged, links.VerifyExpiring("confirm", values, query["exp"], null, Now));
        // Values are joined unambiguously: "a|b" + "c" is not "a" + "b|c".
        var joined = System.Web.HttpUtility.ParseQueryString(links.ExpiringQuery("p", ["a|b", "c"], Now.AddDays(1)));
        Assert.Equal(LinkCheck.Forged, links.VerifyExpiring("p", ["a", "b|c"], joined["exp"], joined["token"], Now));
    }

    [Fact]
    public void AFormTokenIsTakenOnlyWithTheCookieItWasMadeFor()
    {
        var antiForgery = new AntiForgery(Key);
        var cookie = AntiForgery.CookieOrNew(null, out var isNew);
        Assert.True(isNew);
        Assert.Equal(cookie, AntiForgery.CookieOrNew(cookie, out isNew));
        Assert.False(isNew);
        AntiForgery.CookieOrNew("<script>", out isNew);
        Assert.True(isNew);

        var token = antiForgery.Token(cookie);
        Assert.Contains($"value=\"{token}\"", antiForgery.Field(cookie));
        Assert.True(antiForgery.Verify(cookie, token));
        Assert.False(antiForgery.Verify(cookie, null));
        Assert.False(antiForgery.Verify(null, token));
        Assert.False(antiForgery.Verify(AntiForgery.CookieOrNew(null, out _), token));
        Assert.False(new AntiForgery(Key + "-other").Verify(cookie, token));
        Assert.Contains("SameSite=Strict", AntiForgery.SetCookie(cookie, secure: true));
        Assert.Contains("HttpOnly", AntiForgery.SetCookie(cookie, secure: false));
    }
}

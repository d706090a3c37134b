using System.Text;
using ClausesSociales.Web;

namespace ClausesSociales.Tests.Web;

/// <summary>The host-neutral sign-in check of the admin functions: App Service authentication's principal header, or a refusal.</summary>
public sealed class AdminPrincipalTests
{
    private static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void ReadsTheSignedInAdminFromTheHeaderAppServiceAuthenticationSets()
    {
        // The layout App Service documents for X-MS-CLIENT-PRINCIPAL with Entra ID.
        var header = Encode("""{"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role","claims":[{"typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","val":"cresss-admin@cress.example"},{"typ":"aud","val":"00000000-0000-0000-0000-000000000001"}]}""");
        var principal = AdminPrincipal.From(header);
        Assert.NotNull(principal);
        Assert.Equal("aad", principal.IdentityProvider);
        Assert.Equal("cresss-admin@cress.example", principal.Name);
    }

    [Fact]
    public void TrustsTheHeaderOnlyWhenThePlatformSaysAuthenticationIsOn()
    {
        var header = Encode("""{"auth_typ":"aad","claims":[{"typ":"name","val":"admin@cress.example"}]}""");
        Assert.Equal("admin@cress.example", AdminPrincipal.FromPlatform(header, "True")?.Name);
        // Without App Service authentication a client could send the header itself.
        Assert.Null(AdminPrincipal.FromPlatform(header, null));
        Assert.Null(AdminPrincipal.FromPlatform(header, "False"));
        Assert.Null(AdminPrincipal.FromPlatform(null, "True"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("bm90IGpzb24=")]                 // "not json"
    public void RefusesAMissingOrUnreadableHeader(string? header) => Assert.Null(AdminPrincipal.From(header));

    [Theory]
    [InlineData("""{"claims":[{"typ":"name","val":"x"}]}""")]                  // no identity provider
    [InlineData("""{"auth_typ":"","claims":[{"typ":"name","val":"x"}]}""")]     // an empty one
    [InlineData("""{"auth_typ":"aad","claims":[]}""")]                          // no claim
    [InlineData("""{"auth_typ":"aad"}""")]
    [InlineData("""{"auth_typ":"aad","claims":[{"typ":"name"}]}""")]            // a claim without value
    [InlineData("""["aad"]""")]
    public void RefusesAPrincipalThatDoesNotSayWhoSignedIn(string json) => Assert.Null(AdminPrincipal.From(Encode(json)));

    [Fact]
    public void TheRefusalIsAFrenchPageWithStatus401()
    {
        var page = AdminPrincipal.Refused();
        Assert.Equal(401, page.Status);
        Assert.Contains("lang=\"fr\"", page.Html);
        Assert.Contains("réservée aux administrateurs connectés", page.Html);
    }
}

using System.Net;
using System.Text.RegularExpressions;
using ClausesSociales.Digests;
using ClausesSociales.Storage;
using ClausesSociales.Structures;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// The self-service pages over HTTP on `clauses host`: every forged, replayed or expired link and
/// every POST without its anti-forgery token is refused, and storage is left as it was; hostile
/// values come back escaped.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SelfServiceRefusalTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CrossSitePostsWithoutTheAntiForgeryTokenChangeNothing()
    {
        const string siret = "97612345600007";
        await using var site = await PublicSite.StartAsync(azurite);
        await PublicSite.AddStructureAsync(site.Storage, siret, "Atelier des Refus");
        using var http = Client(site);
        var path = $"/structures/{siret}/alertes";
        var (cookie, field) = await TokenAsync(http, path);
        var (otherCookie, otherField) = await TokenAsync(http, path);
        Assert.NotEqual(cookie, otherCookie);
        // The SIRET as the French write it, in the address: the same structure; not a SIRET: said so.
        using (var spaced = await http.GetAsync("/structures/976%20123%20456%2000007/alertes"))
        {
            Assert.Equal(HttpStatusCode.OK, spaced.StatusCode);
            Assert.Contains("Atelier des Refus", WebUtility.HtmlDecode(await spaced.Content.ReadAsStringAsync()).Plain());
        }
        using (var invalid = await http.GetAsync("/structures/12345678901234/alertes"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
            Assert.Contains("Ce SIRET n'est pas valide", WebUtility.HtmlDecode(await invalid.Content.ReadAsStringAsync()).Plain());
        }
        using (var form = await http.GetAsync(path))
        {
            Assert.Contains("form-action 'self'", Assert.Single(form.Headers.GetValues("Content-Security-Policy")));
            var setCookie = Assert.Single(form.Headers.GetValues("Set-Cookie"));
            Assert.Contains("HttpOnly", setCookie);
            Assert.Contains("SameSite=Strict", setCookie);
        }

        var attempts = new (string? Cookie, string? Field)[]
        {
            (null, field),              // a cross-site form: the SameSite=Strict cookie is not sent
            (cookie, null),             // no field
            (cookie, "forged-value"),   // a wrong field
            (cookie, otherField),       // the field of another browser's cookie
        };
        foreach (var (c, f) in attempts)
        {
            using var refused = await PostAsync(http, path, c, Subscription("refus@atelier.example", f));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("ne vient pas de ce site", await refused.Content.ReadAsStringAsync());
            Assert.Null(await site.SubscriptionAsync(SubscriberKind.Structure, siret));
        }
        using (var pending = await PostAsync(http, "/structures/ajout", null, new() { ["siret"] = "97712345600013", ["name"] = "X", ["email"] = "a@b.fr", ["af"] = field }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, pending.StatusCode);
        }

        using var accepted = await PostAsync(http, path, otherCookie, Subscription("refus@atelier.example", otherField));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        var stored = await site.SubscriptionAsync(SubscriberKind.Structure, siret);
        Assert.True(stored!.AwaitingConfirmation);
        Assert.False(stored.Active);
        await site.Storage.Table(StorageNames.Subscriptions).DeleteEntityAsync(nameof(SubscriberKind.Structure), siret);
    }

    [Fact]
    public async Task ForgedReplayedAndExpiredLinksAreRefusedAndChangeNothing()
    {
        const string siret = "97812345600003";
        const string email = "liens@atelier.example";
        await using var site = await PublicSite.StartAsync(azurite);
        await PublicSite.AddStructureAsync(site.Storage, siret, "Atelier des Liens");
        using var http = Client(site);
        var (cookie, field) = await TokenAsync(http, $"/structures/{siret}/alertes");
        using (var subscribed = await PostAsync(http, $"/structures/{siret}/alertes", cookie, Subscription(email, field))) Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        var awaiting = (await site.SubscriptionAsync(SubscriberKind.Structure, siret))!;
        var now = DateTimeOffset.UtcNow;
        var confirm = site.Links.Confirm(awaiting, now.AddDays(3));

        var forged = confirm[..^1] + (confirm[^1] == 'A' ? 'B' : 'A');
        var expired = site.Links.Confirm(awaiting, now.AddMinutes(-1));
        var otherAddress = site.Links.Confirm(new SubscriptionEntity { RowKey = siret, Email = "autre@atelier.example", LinkNonce = awaiting.LinkNonce }, now.AddDays(3));
        foreach (var (link, status) in new[] { (forged, HttpStatusCode.Forbidden), (expired, HttpStatusCode.Gone), (otherAddress, HttpStatusCode.Forbidden) })
        {
            using (var get = await http.GetAsync(link)) Assert.Equal(status, get.StatusCode);
            using (var post = await PostAsync(http, link, cookie, new() { ["af"] = field })) Assert.Equal(status, post.StatusCode);
            await AssertUnchangedAsync(site, awaiting);
        }

        // The confirm button's POST needs the anti-forgery token too.
        using (var noToken = await PostAsync(http, confirm, null, new())) Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        await AssertUnchangedAsync(site, awaiting);
        using (var opened = await http.GetAsync(confirm))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            await AssertUnchangedAsync(site, awaiting);
        }
        using (var confirmed = await PostAsync(http, confirm, cookie, new() { ["af"] = field })) Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var active = (await site.SubscriptionAsync(SubscriberKind.Structure, siret))!;
        Assert.True(active.Active);
        Assert.NotEqual(awaiting.LinkNonce, active.LinkNonce);
        using (var replayed = await PostAsync(http, confirm, cookie, new() { ["af"] = field }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
            // A second click on the confirmation link: what it means, and the way on.
            Assert.Contains("si vous avez déjà confirmé, votre abonnement est actif", WebUtility.HtmlDecode(await replayed.Content.ReadAsStringAsync()).Plain());
        }
        using (var reopened = await http.GetAsync(confirm)) Assert.Equal(HttpStatusCode.Forbidden, reopened.StatusCode);
        await AssertUnchangedAsync(site, active);

        var manage = site.Links.Manage(active, now.AddDays(1));
        using (var expiredManage = await http.GetAsync(site.Links.Manage(active, now.AddSeconds(-5))))
        {
            Assert.Equal(HttpStatusCode.Gone, expiredManage.StatusCode);
            // The way back of a manage link: the one in the latest e-mail.
            Assert.Contains("utilisez celui de votre dernière alerte", WebUtility.HtmlDecode(await expiredManage.Content.ReadAsStringAsync()).Plain());
        }
        using (var forgedManage = await http.GetAsync(manage.Replace("token=", "token=x", StringComparison.Ordinal))) Assert.Equal(HttpStatusCode.Forbidden, forgedManage.StatusCode);
        using (var deleteWithoutToken = await PostAsync(http, manage, null, new() { ["action"] = "delete", ["af"] = field })) Assert.Equal(HttpStatusCode.BadRequest, deleteWithoutToken.StatusCode);
        await AssertUnchangedAsync(site, active);
        // Neither of the page's two buttons ("drop", none): refused, the choices kept.
        foreach (var action in new[] { "drop", "" })
        {
            using var unknown = await PostAsync(http, manage, cookie, new() { ["action"] = action, ["frequency"] = "daily", ["area"] = "", ["af"] = field });
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Contains("Action inconnue : rien n'a été modifié", WebUtility.HtmlDecode(await unknown.Content.ReadAsStringAsync()).Plain());
            await AssertUnchangedAsync(site, active);
        }
        using (var deleted = await PostAsync(http, manage, cookie, new() { ["action"] = "delete", ["af"] = field })) Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Null(await site.SubscriptionAsync(SubscriberKind.Structure, siret));
        Assert.Equal(0, await site.RowsHoldingAsync(email));
        using (var afterDelete = await http.GetAsync(manage)) Assert.Equal(HttpStatusCode.Forbidden, afterDelete.StatusCode);
        using (var postAfterDelete = await PostAsync(http, manage, cookie, new() { ["action"] = "save", ["frequency"] = "daily", ["area"] = "", ["af"] = field }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, postAfterDelete.StatusCode);
        }
        Assert.Null(await site.SubscriptionAsync(SubscriberKind.Structure, siret));

        // The same address subscribes again and confirms: the manage link of the deleted subscription still manages nothing.
        using (var again = await PostAsync(http, $"/structures/{siret}/alertes", cookie, Subscription(email, field))) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var awaitingAgain = (await site.SubscriptionAsync(SubscriberKind.Structure, siret))!;
        using (var confirmedAgain = await PostAsync(http, site.Links.Confirm(awaitingAgain, now.AddDays(3)), cookie, new() { ["af"] = field })) Assert.Equal(HttpStatusCode.OK, confirmedAgain.StatusCode);
        var activeAgain = (await site.SubscriptionAsync(SubscriberKind.Structure, siret))!;
        Assert.True(activeAgain.Active);
        Assert.NotEqual(active.ManageNonce, activeAgain.ManageNonce);
        using (var oldManage = await PostAsync(http, manage, cookie, new() { ["action"] = "delete", ["af"] = field })) Assert.Equal(HttpStatusCode.Forbidden, oldManage.StatusCode);
        await AssertUnchangedAsync(site, activeAgain);
        using (var newManage = await http.GetAsync(site.Links.Manage(activeAgain, now.AddDays(1)))) Assert.Equal(HttpStatusCode.OK, newManage.StatusCode);
        await site.Storage.Table(StorageNames.Subscriptions).DeleteEntityAsync(nameof(SubscriberKind.Structure), siret);

        // A buyer's manage link, once its subscription is gone: what a buyer can do, not a structure.
        var buyer = SubscriptionEntity.Buyer("21690151200018", "Commune de Test", "achats@commune-test.example", []);
        await site.Storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(buyer);
        var buyerManage = site.Links.Manage(buyer, now.AddDays(1));
        await site.Storage.Table(StorageNames.Subscriptions).DeleteEntityAsync(buyer.PartitionKey, buyer.RowKey);
        using (var gone = await http.GetAsync(buyerManage))
        {
            Assert.Equal(HttpStatusCode.Forbidden, gone.StatusCode);
            var text = WebUtility.HtmlDecode(await gone.Content.ReadAsStringAsync()).Plain();
            Assert.Contains("votre abonnement a été supprimé : l'équipe ClausesSociales qui vous l'a ouvert peut le rétablir", text);
            Assert.DoesNotContain("recherche de structures", text);
        }

        // A digest's web version: signed for one buyer and week, expiring.
        var digest = site.Links.Digest("21690151200018", "2026-W49", now.AddDays(1));
        using (var otherWeek = await http.GetAsync(digest.Replace("2026-W49", "2026-W50", StringComparison.Ordinal))) Assert.Equal(HttpStatusCode.Forbidden, otherWeek.StatusCode);
        using (var expiredDigest = await http.GetAsync(site.Links.Digest("21690151200018", "2026-W49", now.AddDays(-1))))
        {
            Assert.Equal(HttpStatusCode.Gone, expiredDigest.StatusCode);
            // A buyer is told where its digest and the lots still are, not to ask again as a structure would.
            var text = WebUtility.HtmlDecode(await expiredDigest.Content.ReadAsStringAsync()).Plain();
            Assert.Contains("La synthèse elle-même reste dans votre e-mail", text);
            Assert.DoesNotContain("recherche de structures", text);
        }
    }

    [Fact]
    public async Task HostileNamesAndAddressesAreShownEscaped()
    {
        const string siret = "97912345600001";
        const string hostile = "<script>alert('x')</script> & \"Cie\"";
        await using var site = await PublicSite.StartAsync(azurite);
        await PublicSite.AddStructureAsync(site.Storage, siret, hostile);
        using var http = Client(site);
        var path = $"/structures/{siret}/alertes";
        var (cookie, field) = await TokenAsync(http, path);
        var form = await http.GetStringAsync(path);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Cie&quot;", form);
        Assert.DoesNotContain("<script>", form);

        using var refused = await PostAsync(http, path, cookie, Subscription("\"><img src=x onerror=alert(1)>@x.fr", field));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await refused.Content.ReadAsStringAsync();
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;@x.fr", page);
        Assert.DoesNotContain("<img", page);
        Assert.Null(await site.SubscriptionAsync(SubscriberKind.Structure, siret));

        using var pending = await PostAsync(http, "/structures/ajout", cookie, new() { ["siret"] = "97912345600002", ["name"] = hostile, ["email"] = "contact@atelier.example", ["af"] = field });
        Assert.Equal(HttpStatusCode.BadRequest, pending.StatusCode);
        var pendingPage = await pending.Content.ReadAsStringAsync();
        Assert.Contains("clé de contrôle", WebUtility.HtmlDecode(pendingPage));
        Assert.Contains("&lt;script&gt;", pendingPage);
        Assert.DoesNotContain("<script>", pendingPage);
    }

    [Fact]
    public async Task AnUnknownSiretAsksToBeAddedOnceWithCheckedInput()
    {
        const string siret = "97012345600000";
        Assert.True(Siret.IsValid(siret));
        await using var site = await PublicSite.StartAsync(azurite);
        using var http = Client(site);
        var search = await http.GetStringAsync($"/structures?q={siret}");
        Assert.Contains($"/structures/ajout?siret={siret}", search);
        var (cookie, field) = await TokenAsync(http, $"/structures/ajout?siret={siret}");
        var table = site.Storage.Table(StorageNames.PendingStructures);

        var invalid = new Dictionary<string, string>[]
        {
            new() { ["siret"] = "97012345600001", ["name"] = "Régie de quartier du Test", ["email"] = "contact@regie.example" },
            new() { ["siret"] = siret, ["name"] = "Régie de quartier du Test", ["email"] = "contact@regie" },
            new() { ["siret"] = siret, ["name"] = new string('a', 201), ["email"] = "contact@regie.example" },
            new() { ["siret"] = siret, ["name"] = "Régie", ["email"] = "contact@regie.example", ["message"] = new string('m', 1001) },
            new() { ["siret"] = siret, ["name"] = "Régie", ["email"] = "contact@regie.example", ["kind"] = "Régie" },
            new() { ["siret"] = siret, ["name"] = "Régie", ["email"] = "contact@regie.example", ["post_code"] = "6900" },
        };
        foreach (var fields in invalid)
        {
            fields["af"] = field;
            using var response = await PostAsync(http, "/structures/ajout", cookie, fields);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.False((await table.GetEntityIfExistsAsync<PendingStructureEntity>(PendingStructureEntity.Partition, siret)).HasValue);
            // Counts the French way: "1 001 caractères : 1 000 au plus".
            if (fields.ContainsKey("message")) Assert.Contains("La présentation compte 1\u202F001 caractères : 1\u202F000 au plus.", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).Plain());
        }

        // The longest presentation the form allows, in accented letters and euro signs (6 and 9 characters each once sent),
        // with line breaks a browser counts as one character and sends as two.
        var longest = string.Concat(Enumerable.Repeat("é€é\r\n", 250));
        using (var first = await PostAsync(http, "/structures/ajout", cookie, new() { ["siret"] = "970 123 456 00000", ["name"] = "Régie de quartier du Test", ["email"] = "contact@regie.example", ["message"] = longest, ["kind"] = "ACI", ["post_code"] = "69003", ["af"] = field }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var saved = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync()).Plain();
            Assert.Contains("Demande enregistrée", saved);
            Assert.Contains("La demande d'ajout du SIRET 970\u00A0123\u00A0456\u00A000000 est enregistrée", saved);
        }
        using (var again = await PostAsync(http, "/structures/ajout", cookie, new() { ["siret"] = siret, ["name"] = "Autre nom", ["email"] = "autre@regie.example", ["af"] = field }))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }
        var row = (await table.GetEntityAsync<PendingStructureEntity>(PendingStructureEntity.Partition, siret)).Value;
        Assert.Equal("Régie de quartier du Test", row.Name);
        Assert.Equal("contact@regie.example", row.Email);
        Assert.Equal(longest.Replace("\r\n", "\n").Trim(), row.Message);
        // What the admin's form starts from.
        Assert.Equal(("ACI", "69003"), (row.Kind, row.PostalCode));
        await table.DeleteEntityAsync(PendingStructureEntity.Partition, siret);
    }

    private static async Task AssertUnchangedAsync(PublicSite site, SubscriptionEntity expected)
    {
        var now = (await site.SubscriptionAsync(SubscriberKind.Structure, expected.RowKey))!;
        Assert.Equal(expected.Active, now.Active);
        Assert.Equal(expected.AwaitingConfirmation, now.AwaitingConfirmation);
        Assert.Equal(expected.LinkNonce, now.LinkNonce);
        Assert.Equal(expected.Email, now.Email);
        Assert.Equal(expected.ETag, now.ETag);
    }

    private static Dictionary<string, string> Subscription(string email, string? field)
    {
        var fields = new Dictionary<string, string> { ["email"] = email, ["frequency"] = "weekly", ["area"] = "national", ["sectors"] = "90" };
        if (field is not null) fields["af"] = field;
        return fields;
    }

    private static HttpClient Client(PublicSite site) => new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(site.BaseUrl) };

    /// <summary>A browser's anti-forgery cookie and the form field made for it, from a page that has none yet.</summary>
    private static async Task<(string Cookie, string Field)> TokenAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var cookie = CookieValue().Match(string.Join(";", response.Headers.GetValues("Set-Cookie"))).Groups[1].Value;
        var field = FieldValue().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(cookie);
        Assert.NotEmpty(field);
        return (cookie, field);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient http, string url, string? cookie, Dictionary<string, string> fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) };
        if (cookie is not null) request.Headers.Add("Cookie", $"cs_af={cookie}");
        return await http.SendAsync(request);
    }

    [GeneratedRegex("cs_af=([A-Za-z0-9_-]+)")]
    private static partial Regex CookieValue();

    [GeneratedRegex("name=\"af\" value=\"([^\"]+)\"")]
    private static partial Regex FieldValue();
}

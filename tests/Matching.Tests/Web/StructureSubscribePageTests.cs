using System.Web;
using ClausesSociales.Digests;
using ClausesSociales.Storage;
using ClausesSociales.Tests.Digests;
using ClausesSociales.Web;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// StructureSubscribePage against Azurite and the real SMTP server, on a clock the test moves:
/// a request for a structure that already has a confirmed address never replaces it and tells
/// the asker nothing more than a first request; e-mails are limited to one per ten minutes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StructureSubscribePageTests(AzuriteFixture azurite)
{
    private const string Siret = "97312345600004";

    [Fact]
    public async Task AnotherAddressNeverReplacesAConfirmedOneAndMailsAreRateLimited()
    {
        using var smtp = new SmtpServerFixture();
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync(CancellationToken.None);
        await PublicSite.AddStructureAsync(storage, Siret, "Atelier de la Limite");
        var clock = new MovableClock(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var signed = new SignedLinks(PublicSite.Key, "https://clauses.example");
        var links = new SubscriptionLinks(signed);
        var antiForgery = new AntiForgery(PublicSite.Key);
        var page = new StructureSubscribePage(storage, StoredSample.Labels, antiForgery, links, signed,
            new DigestMailer("127.0.0.1", smtp.Port, "ClausesSociales <alertes@clauses.example>"), clock, NullLogger<StructureSubscribePage>.Instance);
        var confirmPage = new ConfirmSubscriptionPage(storage, antiForgery, links, clock);
        var cookie = AntiForgery.CookieOrNew(null, out _);
        WebRequest Post(string email) => new(true, new Dictionary<string, string?>(),
            new Dictionary<string, string?> { ["email"] = email, ["frequency"] = "daily", ["area"] = "", ["af"] = antiForgery.Token(cookie) }, cookie, cookie);
        IReadOnlyList<string> To(string email) => smtp.Messages().Where(m => m.To.Mailboxes.Single().Address == email).Select(m => m.Subject ?? "").ToList();

        var first = await page.HandleAsync(Siret, Post("premiere@atelier.example"), CancellationToken.None);
        Assert.Single(To("premiere@atelier.example"));
        var firstLink = Link(smtp, "premiere@atelier.example");

        clock.Now += TimeSpan.FromMinutes(5);
        var tooSoon = await page.HandleAsync(Siret, Post("seconde@atelier.example"), CancellationToken.None);
        Assert.Empty(To("seconde@atelier.example"));
        Assert.Equal("premiere@atelier.example", (await Row(storage)).Email);
        // The same answer but for the address typed, repeated to its asker.
        Assert.Equal(first.Html.Replace("premiere@atelier.example", "seconde@atelier.example"), tooSoon.Html);

        // An unconfirmed request may be replaced once the interval is over; its link then dies.
        clock.Now += TimeSpan.FromMinutes(10);
        await page.HandleAsync(Siret, Post("seconde@atelier.example"), CancellationToken.None);
        Assert.Single(To("seconde@atelier.example"));
        Assert.Equal(403, (await confirmPage.HandleAsync(Siret, Query(firstLink, antiForgery, cookie), CancellationToken.None)).Status);
        Assert.Equal(200, (await confirmPage.HandleAsync(Siret, Query(Link(smtp, "seconde@atelier.example"), antiForgery, cookie), CancellationToken.None)).Status);
        Assert.True((await Row(storage)).Active);

        clock.Now += TimeSpan.FromMinutes(30);
        var intruder = await page.HandleAsync(Siret, Post("intrus@ailleurs.example"), CancellationToken.None);
        Assert.Equal(first.Html.Replace("premiere@atelier.example", "intrus@ailleurs.example"), intruder.Html);
        // The subscribed address is mailed, never shown to whoever asks.
        Assert.DoesNotContain("seconde@atelier.example", intruder.Html);
        Assert.Empty(To("intrus@ailleurs.example"));
        var subscribed = await Row(storage);
        Assert.Equal("seconde@atelier.example", subscribed.Email);
        Assert.True(subscribed.Active);
        Assert.Equal("ClausesSociales – votre abonnement aux alertes", To("seconde@atelier.example").Last());

        // Once the address unsubscribed (the e-mails' link), asking again is a new request: a new confirmation, not "already subscribed".
        var unsubscribe = new ClausesSociales.Pipeline.UnsubscribeHandler(storage, signed);
        var token = HttpUtility.ParseQueryString(new Uri(signed.Unsubscribe(SubscriberKind.Structure, Siret, "seconde@atelier.example")).Query)["token"];
        Assert.Equal(200, (await unsubscribe.HandleAsync("Structure", Siret, "seconde@atelier.example", token, apply: true, CancellationToken.None)).Status);
        Assert.False((await Row(storage)).Active);
        clock.Now += TimeSpan.FromMinutes(30);
        await page.HandleAsync(Siret, Post("seconde@atelier.example"), CancellationToken.None);
        Assert.Equal("ClausesSociales – confirmez votre abonnement aux alertes", To("seconde@atelier.example").Last());
        Assert.True((await Row(storage)).AwaitingConfirmation);
        Assert.Equal(200, (await confirmPage.HandleAsync(Siret, Query(Link(smtp, "seconde@atelier.example"), antiForgery, cookie), CancellationToken.None)).Status);
        Assert.True((await Row(storage)).Active);
        await storage.Table(StorageNames.Subscriptions).DeleteEntityAsync(nameof(SubscriberKind.Structure), Siret);
    }

    [Fact]
    public async Task AFailedEmailIsAServiceErrorThatCanBeRetriedAtOnce()
    {
        const string siret = "97312345600012";
        using var smtp = new SmtpServerFixture();
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync(CancellationToken.None);
        await PublicSite.AddStructureAsync(storage, siret, "Atelier de la Panne");
        var clock = new MovableClock(new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero));
        var signed = new SignedLinks(PublicSite.Key, "https://clauses.example");
        var antiForgery = new AntiForgery(PublicSite.Key);
        var cookie = AntiForgery.CookieOrNew(null, out _);
        var request = new WebRequest(true, new Dictionary<string, string?>(),
            new Dictionary<string, string?> { ["email"] = "panne@atelier.example", ["frequency"] = "weekly", ["area"] = "national", ["af"] = antiForgery.Token(cookie) }, cookie, cookie);
        StructureSubscribePage Page(int port) => new(storage, StoredSample.Labels, antiForgery, new SubscriptionLinks(signed), signed,
            new DigestMailer("127.0.0.1", port, "ClausesSociales <alertes@clauses.example>"), clock, NullLogger<StructureSubscribePage>.Instance);

        var down = await Page(Loopback.FreePort()).HandleAsync(siret, request, CancellationToken.None);
        Assert.Equal(503, down.Status);
        Assert.Null((await storage.Table(StorageNames.Subscriptions).GetEntityAsync<SubscriptionEntity>(nameof(SubscriberKind.Structure), siret)).Value.RequestedAt);

        var up = await Page(smtp.Port).HandleAsync(siret, request, CancellationToken.None);
        Assert.Equal(200, up.Status);
        Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Single().Address == "panne@atelier.example");
        await storage.Table(StorageNames.Subscriptions).DeleteEntityAsync(nameof(SubscriberKind.Structure), siret);
    }

    private static async Task<SubscriptionEntity> Row(ClausesStorage storage) =>
        (await storage.Table(StorageNames.Subscriptions).GetEntityAsync<SubscriptionEntity>(nameof(SubscriberKind.Structure), Siret)).Value;

    private static string Link(SmtpServerFixture smtp, string email)
    {
        var text = smtp.Messages().Last(m => m.To.Mailboxes.Single().Address == email).TextBody ?? "";
        return text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("https://clauses.example/structures/", StringComparison.Ordinal));
    }

    /// <summary>The POST of the confirm button for a link.</summary>
    private static WebRequest Query(string link, AntiForgery antiForgery, string cookie)
    {
        var query = HttpUtility.ParseQueryString(new Uri(link).Query);
        return new WebRequest(true, query.AllKeys.ToDictionary(k => k!, k => (string?)query[k]),
            new Dictionary<string, string?> { ["af"] = antiForgery.Token(cookie) }, cookie, cookie);
    }

    private sealed class MovableClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

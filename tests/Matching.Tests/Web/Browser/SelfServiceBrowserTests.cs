using System.Text.RegularExpressions;
using ClausesSociales.Digests;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Tests.Digests;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace ClausesSociales.Tests.Web.Browser;

/// <summary>
/// The public side end to end in Debian's chromium against `clauses host`, Azurite and a real SMTP
/// server: a structure subscribes, confirms from the link of the e-mail it received, gets an alert,
/// and deletes its subscription from the alert's link; a buyer opens its digest's web version from
/// the e-mail and follows a lot.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class SelfServiceBrowserTests(AzuriteFixture azurite)
{
    private const string Siret = "97512345600009";
    private const string Email = "alertes@atelier-e2e.example";

    [Fact]
    public async Task AStructureSubscribesConfirmsIsAlertedAndDeletesItsSubscription()
    {
        using var smtp = new SmtpServerFixture();
        await using var site = await PublicSite.StartAsync(azurite, smtp.Port);
        await PublicSite.AddStructureAsync(site.Storage, Siret, "Atelier Solidaire du Test");
        const string noticeId = "00790141-2026";
        await StoredSample.StoreAsync(azurite, noticeId);
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync($"{site.BaseUrl}/structures");
        await page.GetByLabel("SIRET, SIREN ou nom de la structure").FillAsync(Siret);
        await page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Recevoir les alertes" }).ClickAsync();
        await page.GetByLabel("Adresse e-mail qui recevra les alertes").FillAsync(Email);
        await page.GetByLabel("Immédiate").CheckAsync();
        await page.GetByLabel("Votre département : Rhône (69)").CheckAsync();
        await page.GetByText("Choisir des secteurs").ClickAsync();
        await page.GetByLabel("Autres services communautaires, sociaux et personnels").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Recevoir les alertes" }).ClickAsync();
        Assert.Contains("Vérifiez votre messagerie", await page.TitleAsync());
        // What to do when nothing arrives, with the wait the page imposes before another mail.
        Assert.Contains($"au bout de {ClausesSociales.Web.StructureSubscribePage.MailInterval.TotalMinutes:0} minutes, vous pouvez refaire la demande", (await page.InnerTextAsync("main")).Plain());

        var awaiting = await site.SubscriptionAsync(SubscriberKind.Structure, Siret);
        Assert.NotNull(awaiting);
        Assert.True(awaiting.AwaitingConfirmation);
        Assert.False(awaiting.Active);
        Assert.Equal("dep:69", awaiting.AreaOverride);
        Assert.Equal("98", awaiting.ExtraSectors);

        // Nothing but the confirmation goes to an address that has not confirmed.
        var alerts = Alerts(site, smtp);
        await alerts.HandleAsync(CancellationToken.None);
        var confirmation = Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Single().Address == Email);
        Assert.Contains("confirmez votre abonnement", confirmation.Subject);
        Assert.Empty(await AlertedAsync(site));

        var confirmLink = Link(confirmation.TextBody, "/confirmation?");
        await page.GotoAsync(confirmLink);
        Assert.False((await site.SubscriptionAsync(SubscriberKind.Structure, Siret))!.Active); // opening the link changes nothing
        Assert.Contains($"aux alertes de marchés publics pour {awaiting.Name} : une alerte dès qu'un lot est publié.", (await page.InnerTextAsync("main")).Plain());
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer l'abonnement" }).ClickAsync();
        Assert.Contains("Abonnement confirmé", await page.TitleAsync());
        Assert.Contains($"{Email} recevra les alertes de marchés publics pour {awaiting.Name} : une alerte dès qu'un lot est publié. La première partira avec les prochains lots", (await page.InnerTextAsync("main")).Plain());
        var active = await site.SubscriptionAsync(SubscriberKind.Structure, Siret);
        Assert.True(active!.Active);
        Assert.False(active.AwaitingConfirmation);

        // Other tests' subscribers were alerted at the first run: this one is the only one left.
        Assert.Equal(1, (await alerts.HandleAsync(CancellationToken.None)).Sent);
        Assert.NotEmpty(await AlertedAsync(site));
        var alert = Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Single().Address == Email && m.Subject!.Contains("nouveau", StringComparison.Ordinal));
        Assert.Contains("Préparation et livraison des repas", alert.TextBody);
        Assert.Contains($"https://annuaire-entreprises.data.gouv.fr/etablissement/{Siret}", alert.HtmlBody);
        Assert.Contains($"{site.BaseUrl}/lots/ted/{noticeId}/LOT-0001", alert.TextBody);

        await page.GotoAsync(Link(alert.TextBody, "/abonnement?"));
        Assert.Contains(Email, (await page.InnerTextAsync("main")).Plain());
        // The sectors chosen read without unfolding the list.
        Assert.True(await page.GetByText("Secteurs choisis : Autres services communautaires, sociaux et personnels").IsVisibleAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer mon abonnement" }).ClickAsync();
        Assert.Contains("Abonnement supprimé", await page.TitleAsync());
        Assert.Null(await site.SubscriptionAsync(SubscriberKind.Structure, Siret));
        Assert.Equal(0, await site.RowsHoldingAsync(Email));
    }

    [Fact]
    public async Task ABuyerOpensItsDigestsWebVersionFromTheEmailAndOpensALot()
    {
        using var smtp = new SmtpServerFixture();
        await using var site = await PublicSite.StartAsync(azurite, smtp.Port);
        const string noticeId = "00790151-2026";
        const string buyer = "21690151200018";
        const string email = "achats@commune-e2e.example";
        // The sample notice under a buyer of the test's own, so that no other test's buyer shares its digest.
        await StoredSample.StoreAsync(azurite, noticeId, xml => xml.Replace("20004697700019", buyer));
        await site.Storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(SubscriptionEntity.Buyer(buyer, "Commune de Test", email, []));
        var digests = new WeeklyDigestHandler(site.Storage, new DigestBuilder(site.Storage, StoredSample.Labels, site.SignedLinks), new DigestRenderer(),
            new DigestMailer("127.0.0.1", smtp.Port, "ClausesSociales <digest@clauses.example>"), null, NullLogger<WeeklyDigestHandler>.Instance);
        await digests.HandleAsync("2026-W49", send: true, CancellationToken.None);
        var message = Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Single().Address == email);

        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(Link(message.TextBody, $"/digests/{buyer}/2026-W49?"));
        Assert.Equal(200, response!.Status);
        Assert.Contains("Commune de Test – semaine du 30 novembre au 6 décembre 2026", await page.TitleAsync());
        Assert.Equal("https://annuaire-entreprises.data.gouv.fr/etablissement/90012345600007",
            await page.GetByRole(AriaRole.Link, new() { Name = "ESAT Les Ateliers du Rhône" }).First.GetAttributeAsync("href"));
        await page.Locator($"h3 a[href='/lots/ted/{noticeId}/LOT-0001']").ClickAsync();
        await page.WaitForURLAsync($"**/lots/ted/{noticeId}/LOT-0001");
        Assert.Contains("Préparation et livraison des repas", (await page.InnerTextAsync("h1")).Plain());

        // The digest's "gérer mon abonnement": departments, then deletion with the address and its sending records.
        Assert.True(await SendingsHoldingAsync(site, email) > 0);
        await page.GotoAsync(Link(message.TextBody, $"/digests/{buyer}/abonnement?"));
        Assert.Contains("Synthèse hebdomadaire de l'acheteur «\u00A0Commune de Test\u00A0»", (await page.InnerTextAsync("main")).Plain());
        Assert.Contains("Actuellement : tous vos lots, quel que soit le département.", (await page.InnerTextAsync("main")).Plain());
        await page.GetByText("Auvergne-Rhône-Alpes").ClickAsync();
        await page.GetByLabel("Rhône (69)").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        Assert.Contains("Vos choix sont enregistrés", (await page.InnerTextAsync("main")).Plain());
        Assert.Equal("69", (await site.SubscriptionAsync(SubscriberKind.Buyer, buyer))!.Departments);
        // What is chosen reads without opening the regions.
        Assert.Contains("Actuellement : Rhône (69).", (await page.InnerTextAsync("main")).Plain());
        Assert.Equal("Auvergne-Rhône-Alpes · 1 coché", (await page.InnerTextAsync("details[open] summary")).Plain());

        // The digest's "Se désabonner", then back from the manage link: the page says the sending stopped, and resumes it.
        await page.GotoAsync(Link(message.TextBody, "/api/unsubscribe?"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer le désabonnement" }).ClickAsync();
        Assert.False((await site.SubscriptionAsync(SubscriberKind.Buyer, buyer))!.Active);
        await page.GotoAsync(Link(message.TextBody, $"/digests/{buyer}/abonnement?"));
        Assert.Contains("Envois suspendus : vous vous êtes désabonné", (await page.InnerTextAsync("main")).Plain());
        await page.GetByRole(AriaRole.Button, new() { Name = "Reprendre les envois" }).ClickAsync();
        Assert.Contains("Les envois reprennent : cette adresse reçoit de nouveau la synthèse hebdomadaire.", (await page.InnerTextAsync("main")).Plain());
        Assert.DoesNotContain("Envois suspendus", await page.InnerTextAsync("main"));
        Assert.True((await site.SubscriptionAsync(SubscriberKind.Buyer, buyer))!.Active);
        Assert.Equal("69", (await site.SubscriptionAsync(SubscriberKind.Buyer, buyer))!.Departments);

        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer mon abonnement" }).ClickAsync();
        Assert.Contains("Abonnement supprimé", await page.TitleAsync());
        Assert.Null(await site.SubscriptionAsync(SubscriberKind.Buyer, buyer));
        Assert.Equal(0, await site.RowsHoldingAsync(email));
        Assert.Equal(0, await SendingsHoldingAsync(site, email));
    }

    /// <summary>The alerts handler as the host runs it, on a clock before the sample's deadlines so that its lots are open.</summary>
    private static AlertsHandler Alerts(PublicSite site, SmtpServerFixture smtp) =>
        new(site.Storage, new DigestRenderer(), site.SignedLinks, new DigestMailer("127.0.0.1", smtp.Port, "ClausesSociales <alertes@clauses.example>"),
            new StoredSample.FixedClock(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero)), NullLogger<AlertsHandler>.Instance);

    private static async Task<List<string>> AlertedAsync(PublicSite site)
    {
        var alerted = new List<string>();
        await foreach (var row in site.Storage.Table(StorageNames.Runs).QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == $"alert-{Siret}")) alerted.Add(row.RowKey);
        return alerted;
    }

    private static async Task<int> SendingsHoldingAsync(PublicSite site, string email)
    {
        var count = 0;
        await foreach (var row in site.Storage.Table(StorageNames.Runs).QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            if (row.Select(p => p.Value).OfType<string>().Any(v => v.Contains(email, StringComparison.OrdinalIgnoreCase))) count++;
        }
        return count;
    }

    /// <summary>The first address of ours in a plain-text e-mail containing <paramref name="part"/>.</summary>
    private static string Link(string? text, string part) =>
        Urls().Matches(text ?? "").Select(m => m.Value).First(u => u.Contains(part, StringComparison.Ordinal));

    [GeneratedRegex(@"https?://127\.0\.0\.1:\d+/\S+")]
    private static partial Regex Urls();
}

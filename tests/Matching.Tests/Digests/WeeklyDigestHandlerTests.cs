using System.Web;
using ClausesSociales.CodeLists;
using ClausesSociales.Digests;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Digests;

[Collection(AzuriteCollection.Name)]
public sealed class WeeklyDigestHandlerTests(AzuriteFixture azurite) : IDisposable
{
    private const string Key = "a-test-signing-key-of-enough-length";
    private const string Lyon = "20004697700019";
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-digests-").FullName;

    /// <summary>The sample eForms notice, with a lot title a hostile platform could send, made at run time.</summary>
    private static byte[] NoticeWithScriptTitle()
    {
        var path = Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "eforms-cn-2026-0001.xml");
        var xml = File.ReadAllText(path).Replace("Préparation et livraison des repas, lot réservé aux ESAT et entreprises adaptées",
            "Repas &lt;script&gt;alert('x')&lt;/script&gt; réservés aux ESAT");
        return System.Text.Encoding.UTF8.GetBytes(xml);
    }

    private async Task<(ClausesStorage Storage, WeeklyDigestHandler Handler)> PrepareAsync(SmtpServerFixture smtp)
    {
        var storage = azurite.Storage();
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        Assert.True((await parse.HandleAsync("ted/2026/11/13/00712345-2026.xml", BinaryData.FromBytes(NoticeWithScriptTitle()), CancellationToken.None)).Success);
        var structures = new StructureStore(storage);
        using (var reader = new StreamReader(Path.Combine(SharedData.RepositoryRoot(), "samples", "structures.csv")))
        {
            await structures.SaveAsync(new StructureCsvImporter().Read(reader).Structures, CancellationToken.None);
        }
        var labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));
        await new MatchLotsHandler(storage, structures, labels, NullLogger<MatchLotsHandler>.Instance).HandleAsync("ted", "00712345-2026", CancellationToken.None);
        await storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(SubscriptionEntity.Buyer(Lyon, "Métropole de Lyon", "achats@grandlyon.example", []));
        var links = new SignedLinks(Key, "https://clauses.example");
        var handler = new WeeklyDigestHandler(storage, new DigestBuilder(storage, labels, links), new DigestRenderer(),
            new DigestMailer("127.0.0.1", smtp.Port, "ClausesSociales <digest@clauses.example>"), _folder, NullLogger<WeeklyDigestHandler>.Instance);
        return (storage, handler);
    }

    [Fact]
    public async Task SendsEachBuyerItsDigestOnceWithBothPartsEscapedValuesAndASignedUnsubscribeLink()
    {
        var smtp = new SmtpServerFixture();
        try
        {
            var (storage, handler) = await PrepareAsync(smtp);

            var first = await handler.HandleAsync("2026-W47", send: true, CancellationToken.None);
            var second = await handler.HandleAsync("2026-W47", send: true, CancellationToken.None);

            Assert.Equal(1, first.Sent);
            Assert.Equal(0, second.Sent);
            Assert.Equal(1, second.AlreadySent);
            var message = Assert.Single(smtp.Messages());
            Assert.Equal("achats@grandlyon.example", message.To.Mailboxes.Single().Address);
            Assert.Contains("semaine du 16 au 22 novembre 2026", message.Subject);
            Assert.Contains("2 lots à potentiel", message.Subject);
            var html = message.HtmlBody;
            var text = message.TextBody;
            Assert.NotNull(html);
            Assert.NotNull(text);
            Assert.Contains("&lt;script&gt;", html);
            Assert.DoesNotContain("<script>", html);
            Assert.Contains("<script>alert", text);
            Assert.Contains("Lots réservés ou pouvant l'être", text);
            Assert.Contains("Réservé par l'acheteur aux ESAT et entreprises adaptées (article L2113-12)", text);
            Assert.Contains("ESAT Les Ateliers du Rhône", html);
            // Each structure links to its public record; the digest to its signed web version and management page.
            Assert.Contains("href=\"https://annuaire-entreprises.data.gouv.fr/etablissement/90012345600007\"", html);
            Assert.Contains($"https://clauses.example/digests/{Lyon}/2026-W47?exp=", text);
            Assert.Contains($"https://clauses.example/digests/{Lyon}/abonnement?exp=", text);
            Assert.Contains("https://clauses.example/lots/ted/00712345-2026/LOT-0001", text);
            Assert.Contains("Blanchisserie", text);
            // Both lots carry only what their buyer declared: no answer is asked on them.
            Assert.DoesNotContain("/api/feedback", text);
            Assert.DoesNotContain("Pas pertinent", html);

            var unsubscribe = new Uri(message.Headers["List-Unsubscribe"]!.Trim('<', '>'));
            Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
            var query = HttpUtility.ParseQueryString(unsubscribe.Query);
            var links = new SignedLinks(Key, "https://clauses.example");
            Assert.Equal(Lyon, query["id"]);
            Assert.True(links.VerifyUnsubscribe(SubscriberKind.Buyer, query["id"]!, query["email"]!, query["token"]!));
            Assert.False(links.VerifyUnsubscribe(SubscriberKind.Buyer, "21930048000015", query["email"]!, query["token"]!));
            Assert.Contains(unsubscribe.AbsoluteUri, System.Net.WebUtility.HtmlDecode(html));
            Assert.Contains(unsubscribe.AbsoluteUri, text);

            // Following the link unsubscribes; a forged token does not.
            var unsubscribeHandler = new UnsubscribeHandler(storage, links);
            Assert.Equal(403, (await unsubscribeHandler.HandleAsync("buyer", Lyon, query["email"], query["token"] + "x", apply: true, CancellationToken.None)).Status);
            // Opening the link (as a mail scanner does) only asks for confirmation.
            var opened = await unsubscribeHandler.HandleAsync(query["kind"], query["id"], query["email"], query["token"], apply: false, CancellationToken.None);
            Assert.Equal(200, opened.Status);
            Assert.Equal("Confirmer le désabonnement", opened.ConfirmButton);
            Assert.Contains("<form method=\"post\"", ResponsePage.Html("Désabonnement", opened));
            // Before the button: asked, not told it is done. The site's page, its way back included.
            Assert.StartsWith("Confirmez pour que ", opened.Message);
            Assert.Contains("<nav aria-label=\"Navigation principale\">", ResponsePage.Html("Désabonnement", opened));
            Assert.Contains("<title>Désabonnement – ClausesSociales</title>", System.Net.WebUtility.HtmlDecode(ResponsePage.Html("Désabonnement", opened)));
            Assert.DoesNotContain("class=\"notice\"", ResponsePage.Html("Désabonnement", opened));
            Assert.Contains("role=\"alert\"", ResponsePage.Html("Désabonnement", await unsubscribeHandler.HandleAsync("buyer", Lyon, query["email"], query["token"] + "x", apply: false, CancellationToken.None)));
            Assert.True((await storage.Table(StorageNames.Subscriptions).GetEntityAsync<SubscriptionEntity>("Buyer", Lyon)).Value.Active);
            var confirmed = await unsubscribeHandler.HandleAsync(query["kind"], query["id"], query["email"], query["token"], apply: true, CancellationToken.None);
            Assert.Equal(200, confirmed.Status);
            Assert.Null(confirmed.ConfirmButton);
            var subscription = (await storage.Table(StorageNames.Subscriptions).GetEntityAsync<SubscriptionEntity>("Buyer", Lyon)).Value;
            Assert.False(subscription.Active);
            Assert.Equal(0, (await handler.HandleAsync("2026-W46", send: true, CancellationToken.None)).Written);

            var blob = await storage.Container(StorageNames.Digests).GetBlobClient($"{Lyon}/2026-W47.html").DownloadContentAsync();
            Assert.Equal(html.Replace("\r\n", "\n"), blob.Value.Content.ToString().Replace("\r\n", "\n"));
            Assert.True(File.Exists(Path.Combine(_folder, Lyon, "2026-W47.html")));
        }
        finally
        {
            smtp.Dispose();
        }
    }

    [Fact]
    public async Task ABuyersAnswerFromItsDigestIsStoredOnceAndBecomesALabelForRetraining()
    {
        var smtp = new SmtpServerFixture();
        try
        {
            var (storage, _) = await PrepareAsync(smtp);
            var links = new SignedLinks(Key, "https://clauses.example");
            var labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));
            var subscription = (await storage.Table(StorageNames.Subscriptions).GetEntityAsync<SubscriptionEntity>("Buyer", Lyon)).Value;
            // The laundry lot, declared green only, as a classification that shows it as likely reserved leaves it.
            var laundry = (await storage.Lots.GetEntityAsync<LotEntity>(TableKeys.Notice("ted", "00712345-2026"), LotEntity.Row("ted", "00712345-2026", "LOT-0002"))).Value;
            laundry.ReservedProbability = 0.31;
            laundry.LikelyLabels = "reserved";
            await storage.Lots.UpsertEntityAsync(laundry, Azure.Data.Tables.TableUpdateMode.Merge);
            var digest = await new DigestBuilder(storage, labels, links).BuildAsync(subscription, "2026-W47", CancellationToken.None);
            var reservedSection = digest.Sections.Single(s => s.Title == "Lots réservés ou pouvant l'être").Lots;
            // The buyer answers on what the model flags, not on the reservation it declared itself.
            Assert.Null(reservedSection.Single(l => l.LotId == "LOT-0001").InterestedUrl);
            Assert.Null(reservedSection.Single(l => l.LotId == "LOT-0001").NotRelevantUrl);
            var reservedLot = reservedSection.Single(l => l.LotId == "LOT-0002");
            var handler = new FeedbackHandler(storage, links, TimeProvider.System);
            static Dictionary<string, string?> Query(string url)
            {
                var q = HttpUtility.ParseQueryString(new Uri(url).Query);
                return q.AllKeys.ToDictionary(k => k!, k => q[k]);
            }

            var interested = Query(reservedLot.InterestedUrl!);
            Assert.Equal("reserved", interested["label"]);
            var forged = new Dictionary<string, string?>(interested) { ["label"] = "green" };
            Assert.Equal(403, (await handler.HandleAsync(forged, apply: true, CancellationToken.None)).Status);
            Assert.Equal(400, (await handler.HandleAsync(new Dictionary<string, string?>(interested) { ["verdict"] = "maybe" }, apply: true, CancellationToken.None)).Status);
            // A mail scanner opening both links records nothing: each asks for confirmation.
            var partition = TableKeys.Notice("ted", "00712345-2026");
            foreach (var url in new[] { reservedLot.InterestedUrl!, reservedLot.NotRelevantUrl! })
            {
                var opened = await handler.HandleAsync(Query(url), apply: false, CancellationToken.None);
                Assert.Equal(200, opened.Status);
                Assert.NotNull(opened.ConfirmButton);
            }
            Assert.DoesNotContain((await FeedbackEntity.ReadAllAsync(storage, CancellationToken.None)), f => f.PartitionKey == partition);
            var (status, message, _) = await handler.HandleAsync(interested, apply: true, CancellationToken.None);
            Assert.Equal(200, status);
            Assert.Contains("Merci", message);
            // The page shown to the buyer names the lot, escaped.
            Assert.Contains(laundry.Title!, message);
            var page = ResponsePage.Html("Votre avis", message + " <script>");
            Assert.DoesNotContain("<script>", page);
            Assert.Contains("&lt;script&gt;", page);
            // The buyer changes its mind, and back: the later answer replaces the first, one row per lot, label and buyer.
            Assert.Equal(200, (await handler.HandleAsync(Query(reservedLot.NotRelevantUrl!), apply: true, CancellationToken.None)).Status);
            Assert.Equal(200, (await handler.HandleAsync(interested, apply: true, CancellationToken.None)).Status);

            var answers = (await FeedbackEntity.ReadAllAsync(storage, CancellationToken.None)).Where(f => f.PartitionKey == partition).ToList();
            var answer = Assert.Single(answers);
            Assert.Equal("interested", answer.Verdict);
            Assert.Equal(Lyon, answer.Buyer);

            // The notice declares nothing reserved for the lot; the buyer's "interested" makes it a reserved example for training.
            var stored = new List<LotEntity>();
            await foreach (var lot in storage.Lots.QueryAsync<LotEntity>(e => e.PartitionKey == partition)) stored.Add(lot);
            var rows = ClausesSociales.Classification.StoredLots.ToRows(stored);
            var row = rows.Single(r => r.LotId == reservedLot.LotId);
            Assert.False(row.Reserved);
            Assert.Equal(1, ClausesSociales.Classification.TrainingSet.ApplyFeedback(rows, answers));
            Assert.True(row.Reserved);
            Assert.Equal(0, ClausesSociales.Classification.TrainingSet.ApplyFeedback(rows, answers));
        }
        finally
        {
            smtp.Dispose();
        }
    }

    [Fact]
    public async Task ALotTheModelFlagsAndItsBuyerDidNotDeclareSaysWhyInEveryPartOfTheDigest()
    {
        var smtp = new SmtpServerFixture();
        try
        {
            var (storage, _) = await PrepareAsync(smtp);
            // The laundry lot, declared green only, as a classification that shows it as likely reserved leaves it.
            var partition = TableKeys.Notice("ted", "00712345-2026");
            var laundry = (await storage.Lots.GetEntityAsync<LotEntity>(partition, LotEntity.Row("ted", "00712345-2026", "LOT-0002"))).Value;
            Assert.True(string.IsNullOrEmpty(laundry.ReservedMarkers));
            laundry.ReservedProbability = 0.31;
            laundry.SocialProbability = 0.02;
            laundry.GreenProbability = 0.05;
            laundry.LikelyLabels = "reserved";
            laundry.Reasons = "famille de marchés souvent réservés aux ESAT, EA et SIAE : blanchisserie\nmétier cité par les guides des clauses d'insertion : <blanchisserie>\nnature : services";
            await storage.Lots.UpsertEntityAsync(laundry, Azure.Data.Tables.TableUpdateMode.Merge);
            var labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));
            var links = new SignedLinks(Key, "https://clauses.example");
            var subscription = (await storage.Table(StorageNames.Subscriptions).GetEntityAsync<SubscriptionEntity>("Buyer", Lyon)).Value;

            var digest = await new DigestBuilder(storage, labels, links).BuildAsync(subscription, "2026-W47", CancellationToken.None);

            var reserved = digest.Sections.Single(s => s.Title == "Lots réservés ou pouvant l'être").Lots;
            var flagged = reserved.Single(l => l.LotId == "LOT-0002");
            Assert.Equal("Réservable : probabilité estimée à 31\u00A0%", flagged.Probability);
            Assert.Equal("Réservé par l'acheteur aux ESAT et entreprises adaptées (article L2113-12)", reserved.Single(l => l.LotId == "LOT-0001").Probability);
            // Its first two reasons; a lot its buyer declared gives none (the declaration is the reason).
            Assert.Equal("Pourquoi : famille de marchés souvent réservés aux ESAT, EA et SIAE : blanchisserie ; métier cité par les guides des clauses d'insertion : <blanchisserie>", flagged.Why);
            Assert.Null(reserved.Single(l => l.LotId == "LOT-0001").Why);
            // Listed once, under the reservation: what else its buyer declared is said with it, not left out.
            Assert.Equal("Aussi déclaré par l'acheteur : clause d'insertion", reserved.Single(l => l.LotId == "LOT-0001").Also);
            Assert.Equal("Aussi déclaré par l'acheteur : clause environnementale", flagged.Also);
            Assert.DoesNotContain(digest.Sections.SelectMany(s => s.Lots), l => l.LotId == "LOT-0002" && l != flagged);
            var (html, text) = new DigestRenderer().Render(digest);
            Assert.Contains("  Aussi déclaré par l'acheteur : clause environnementale\n", text);
            Assert.Contains("Aussi déclaré par l'acheteur : clause d'insertion", System.Net.WebUtility.HtmlDecode(html));
            Assert.Contains("Aussi déclaré par l'acheteur : clause environnementale", ClausesSociales.Tests.Web.FrenchText.Plain(System.Net.WebUtility.HtmlDecode(ClausesSociales.Web.DigestWebPage.Body(digest))));
            Assert.Contains("Pourquoi : famille de marchés souvent réservés aux ESAT, EA et SIAE : blanchisserie", text);
            Assert.Contains("&lt;blanchisserie&gt;", html);
            Assert.DoesNotContain("<blanchisserie>", html);
            var page = ClausesSociales.Web.DigestWebPage.Body(digest);
            Assert.Contains("&lt;blanchisserie&gt;", page);
            Assert.DoesNotContain("nature : services", page);
        }
        finally
        {
            smtp.Dispose();
        }
    }

    [Fact]
    public async Task WithoutSmtpWritesDigestsToBlobsAndTheLocalFolderOnly()
    {
        var smtp = new SmtpServerFixture();
        try
        {
            var (storage, _) = await PrepareAsync(smtp);
            var labels = CodeLabels.Load(SharedData.Path("eforms-sdk"));
            var handler = new WeeklyDigestHandler(storage, new DigestBuilder(storage, labels, new SignedLinks(Key, "https://clauses.example")), new DigestRenderer(),
                null, _folder, NullLogger<WeeklyDigestHandler>.Instance);

            var summary = await handler.HandleAsync("2026-W48", send: true, CancellationToken.None);

            Assert.False(summary.SmtpConfigured);
            Assert.Equal(0, summary.Sent);
            Assert.True(summary.Written >= 1);
            Assert.Empty(smtp.Messages());
            Assert.True(File.Exists(Path.Combine(_folder, Lyon, "2026-W48.html")));
        }
        finally
        {
            smtp.Dispose();
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

[Collection(AzuriteCollection.Name)]
public sealed class AlertsHandlerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AlertsAStructureOnceAboutTheOpenLotsItMatchesAndRespectsFrequency()
    {
        var smtp = new SmtpServerFixture();
        try
        {
            var storage = azurite.Storage();
            var structures = await SampleData.ParseLyonNoticeAndImportSampleStructuresAsync(storage);
            await new MatchLotsHandler(storage, structures, CodeLabels.Load(null), NullLogger<MatchLotsHandler>.Instance).HandleAsync("ted", "00712345-2026", CancellationToken.None);
            var subscriptions = storage.Table(StorageNames.Subscriptions);
            await subscriptions.UpsertEntityAsync(SubscriptionEntity.Structure("90012345600007", "ESAT Les Ateliers du Rhône", "contact@esat-rhone.example", "immediate"));
            var weekly = SubscriptionEntity.Structure("90112345600005", "EA Blanchisserie Solidaire", "contact@ea-blanchisserie.example", "weekly");
            weekly.LastAlertAt = DateTimeOffset.UtcNow.AddDays(-2);
            await subscriptions.UpsertEntityAsync(weekly);
            // A clock before the sample deadlines, so that the lots are still open.
            var clock = new FixedClock(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
            var handler = new AlertsHandler(storage, new DigestRenderer(), new SignedLinks("a-test-signing-key-of-enough-length", "https://clauses.example"),
                new DigestMailer("127.0.0.1", smtp.Port, "ClausesSociales <alertes@clauses.example>"), clock, NullLogger<AlertsHandler>.Instance);

            var first = await handler.HandleAsync(CancellationToken.None);
            var second = await handler.HandleAsync(CancellationToken.None);

            var message = Assert.Single(smtp.Messages());
            Assert.Equal("contact@esat-rhone.example", message.To.Mailboxes.Single().Address);
            Assert.Contains("Préparation et livraison des repas", message.TextBody);
            Assert.Contains("Réponse avant le 14 décembre 2026 à 12\u00A0h", message.TextBody);
            // Whom the buyer reserved the lot to, and the clause it declared: what tells the ESAT its chances.
            Assert.Contains("  Réservé par l'acheteur aux ESAT et entreprises adaptées (article L2113-12) · Clause d'insertion : déclarée par l'acheteur\n", message.TextBody);
            Assert.Contains("<strong>Réservé par l'acheteur aux ESAT et entreprises adaptées (article L2113-12) · Clause d'insertion : déclarée par l'acheteur</strong>", System.Net.WebUtility.HtmlDecode(message.HtmlBody!));
            Assert.Contains("Métropole de Lyon", message.HtmlBody);
            Assert.Contains("Rhône (69)", message.TextBody);
            Assert.Equal(1, first.Sent);
            Assert.Equal(0, second.Sent);

            // Another procedure (of another buyer), announced then corrected by a change notice (both made at run
            // time from the sample, under a procedure id of their own): the corrected lots replace the
            // original ones and are not alerted as new lots.
            var sample = (await File.ReadAllTextAsync(Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "eforms-cn-2026-0001.xml")))
                .Replace("7e0d9c52-8a41-4f6b-b3a2-6c1d2e9f4b77", "0a7c4e21-3d5b-4f60-9e8a-2b1c0d9e8f70").Replace("00712345-2026", "00712388-2026")
                .Replace("20004697700019", "21690123400010");
            var change = sample.Replace("00712388-2026", "00712399-2026").Replace("2026-11-13+01:00", "2026-11-16+01:00")
                .Replace(">5b1f6a4e-2f0c-4c9e-9d61-0c5a7e3b2a10<", ">9c3e1d2a-7b4f-4a8e-8d5c-1f2e3d4c5b6a<")
                .Replace("<efac:Publication>", "<efac:Changes><efbc:ChangedNoticeIdentifier>5b1f6a4e-2f0c-4c9e-9d61-0c5a7e3b2a10-01</efbc:ChangedNoticeIdentifier></efac:Changes><efac:Publication>");
            var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
            var match = new MatchLotsHandler(storage, structures, CodeLabels.Load(null), NullLogger<MatchLotsHandler>.Instance);
            Assert.True((await parse.HandleAsync("ted/2026/11/13/00712388-2026.xml", BinaryData.FromString(sample), CancellationToken.None)).Success);
            await match.HandleAsync("ted", "00712388-2026", CancellationToken.None);
            Assert.Equal(1, (await handler.HandleAsync(CancellationToken.None)).Sent);
            Assert.True((await parse.HandleAsync("ted/2026/11/16/00712399-2026.xml", BinaryData.FromString(change), CancellationToken.None)).Success);
            await match.HandleAsync("ted", "00712399-2026", CancellationToken.None);
            var original = (await storage.Lots.GetEntityAsync<LotEntity>(TableKeys.Notice("ted", "00712388-2026"), LotEntity.Row("ted", "00712388-2026", "LOT-0001"))).Value;
            Assert.Equal("00712399-2026", original.SupersededBy);
            Assert.Equal(0, (await handler.HandleAsync(CancellationToken.None)).Sent);
            Assert.Equal(2, smtp.Messages().Count);
            Assert.False(AlertsHandler.IsDue(weekly, DateTimeOffset.UtcNow));
            Assert.True(AlertsHandler.IsDue(weekly, DateTimeOffset.UtcNow.AddDays(6)));
        }
        finally
        {
            smtp.Dispose();
        }
    }

    [Fact]
    public async Task AStructureIsAlertedAboutLotsMatchedBeforeItAddedTheSectorThatFitsThem()
    {
        var smtp = new SmtpServerFixture();
        try
        {
            const string bondy = "90212345600003";
            var storage = azurite.Storage();
            var structures = await SampleData.ParseLyonNoticeAndImportSampleStructuresAsync(storage);
            // The lots are matched first: the Bondy ESAT (green spaces, Île-de-France) fits none of the Lyon lots.
            await new MatchLotsHandler(storage, structures, CodeLabels.Load(null), NullLogger<MatchLotsHandler>.Instance).HandleAsync("ted", "00712345-2026", CancellationToken.None);
            var laundryMatch = await storage.Table(StorageNames.Matches).GetEntityIfExistsAsync<MatchEntity>(MatchEntity.Partition("ted", "00712345-2026"), MatchEntity.Row("ted", "00712345-2026", "LOT-0002", bondy));
            Assert.False(laundryMatch.HasValue);
            // Then it subscribes, adding laundry work and a national area.
            await storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(
                SubscriptionEntity.Structure(bondy, "ESAT Jardins de Bondy", "contact@esat-bondy.example", "immediate", ["9831"], "national"));
            var clock = new FixedClock(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
            var handler = new AlertsHandler(storage, new DigestRenderer(), new SignedLinks("a-test-signing-key-of-enough-length", "https://clauses.example"),
                new DigestMailer("127.0.0.1", smtp.Port, "ClausesSociales <alertes@clauses.example>"), clock, NullLogger<AlertsHandler>.Instance, CodeLabels.Load(SharedData.Path("eforms-sdk")));

            await handler.HandleAsync(CancellationToken.None);

            var message = Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Single().Address == "contact@esat-bondy.example");
            var laundry = (await storage.Lots.GetEntityAsync<LotEntity>(TableKeys.Notice("ted", "00712345-2026"), LotEntity.Row("ted", "00712345-2026", "LOT-0002"))).Value;
            Assert.Contains(laundry.Title!, message.TextBody);
            // Why it fits: the sector the subscription added, with its French label.
            Assert.Contains("(activité déclarée par la structure)", message.TextBody);
            Assert.Contains("https://clauses.example/lots/ted/00712345-2026/LOT-0002", message.TextBody);
            // Sent once: the next run finds nothing new.
            Assert.Equal(0, (await handler.HandleAsync(CancellationToken.None)).Sent);
            await storage.Table(StorageNames.Subscriptions).DeleteEntityAsync("Structure", bondy);
        }
        finally
        {
            smtp.Dispose();
        }
    }

    [Fact]
    public async Task ASubscriptionsExtraSectorsAndAreaReachTheMatching()
    {
        var storage = azurite.Storage();
        var structures = await SampleData.ParseLyonNoticeAndImportSampleStructuresAsync(storage);
        // The Bondy ESAT (green spaces, dep:93;94;75) declares laundry work and a national area.
        await storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(
            SubscriptionEntity.Structure("90212345600003", "ESAT Jardins de Bondy", "contact@esat-bondy.example", "weekly", ["9831"], "national"));
        var handler = new MatchLotsHandler(storage, structures, CodeLabels.Load(null), NullLogger<MatchLotsHandler>.Instance);

        await handler.LoadStructuresAsync(CancellationToken.None);
        await handler.HandleAsync("ted", "00712345-2026", CancellationToken.None);

        var laundry = await storage.Table(StorageNames.Matches).GetEntityIfExistsAsync<MatchEntity>(MatchEntity.Partition("ted", "00712345-2026"), MatchEntity.Row("ted", "00712345-2026", "LOT-0002", "90212345600003"));
        Assert.True(laundry.HasValue);
        Assert.Throws<ArgumentException>(() => SubscriptionEntity.Structure("90212345600003", "x", "x@y.fr", "weekly", ["lavage"]));
        await storage.Table(StorageNames.Subscriptions).DeleteEntityAsync("Structure", "90212345600003");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The sample Lyon notice parsed into storage and the sample structures imported, as several tests need them.</summary>
internal static class SampleData
{
    public static async Task<StructureStore> ParseLyonNoticeAndImportSampleStructuresAsync(ClausesStorage storage)
    {
        var parse = new ParseNoticeHandler(storage, new NoticeParser(), NullLogger<ParseNoticeHandler>.Instance);
        var sample = Path.Combine(SharedData.RepositoryRoot(), "samples", "feed", "eforms-cn-2026-0001.xml");
        Assert.True((await parse.HandleAsync("ted/2026/11/13/00712345-2026.xml", BinaryData.FromBytes(File.ReadAllBytes(sample)), CancellationToken.None)).Success);
        var structures = new StructureStore(storage);
        using var reader = new StreamReader(Path.Combine(SharedData.RepositoryRoot(), "samples", "structures.csv"));
        await structures.SaveAsync(new StructureCsvImporter().Read(reader).Structures, CancellationToken.None);
        return structures;
    }
}

public sealed class IsoWeeksTests
{
    // A week reads as buyers name it, across a month and a year too.
    [Theory]
    [InlineData("2026-W47", "semaine du 16 au 22 novembre 2026")]
    [InlineData("2026-W49", "semaine du 30 novembre au 6 décembre 2026")]
    [InlineData("2026-W53", "semaine du 28 décembre 2026 au 3 janvier 2027")]
    [InlineData("2027-W09", "semaine du 1er au 7 mars 2027")]
    public void AWeekReadsAsItsDays(string isoWeek, string shown) => Assert.Equal(shown, IsoWeeks.InFrench(isoWeek));
}

public sealed class DigestAlsoTests
{
    [Fact]
    public void OtherLabelsReadAsOneLineDeclaredFirst()
    {
        static IReadOnlyList<LabelState> Labels((bool, string?, double?) reserved, (bool, string?, double?) social, (bool, string?, double?) green) =>
            [new("reserved", reserved.Item1, reserved.Item2, reserved.Item3), new("social", social.Item1, social.Item2, social.Item3), new("green", green.Item1, green.Item2, green.Item3)];
        Assert.Equal("Aussi déclaré par l'acheteur : clause d'insertion et clause environnementale",
            DigestBuilder.Also("reserved", Labels((true, "res-ws", 0.9), (true, "soc-obj", 0.2), (true, "env-imp", 0.1))));
        Assert.Equal("Aussi déclaré par l'acheteur : clause d'insertion · aussi possible : clause environnementale (probabilité estimée à 40\u00A0%)",
            DigestBuilder.Also("reserved", Labels((true, "res-ws", 0.9), (true, "soc-obj", 0.2), (true, null, 0.4))));
        // A label neither declared nor flagged is not named; nothing else: no line.
        Assert.Null(DigestBuilder.Also("social", Labels((false, null, 0.01), (true, "soc-obj", 0.9), (false, null, 0.02))));
    }
}

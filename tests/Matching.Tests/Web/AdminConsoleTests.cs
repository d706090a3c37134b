using AngleSharp;
using System.Net;
using System.Text;
using ClausesSociales.Digests;
using ClausesSociales.Notices;
using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// The console's actions on `clauses host`, on real files: a real TED notice quarantined by a
/// parser with a small size limit is read again by "Réessayer" once the host runs with the normal
/// limit; a truncated copy is discarded; a structures file made from the real SIAE directory is
/// imported with its per-line report; pending requests are added or rejected. Every POST without
/// the right anti-forgery token, or from another machine, is refused with storage unchanged, and
/// no GET changes anything.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AdminConsoleTests(AzuriteFixture azurite) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-console-").FullName;

    private static byte[] RealNotice() => File.ReadAllBytes(SharedData.Path(AdminHost.RealNotice));

    /// <summary>Quarantines the real notice (or what <paramref name="change"/> makes of it) under a blob name of the test's own; returns the name and its Errors row key.</summary>
    private async Task<(string Blob, string Row)> QuarantineAsync(ClausesStorage storage, string what, long maxBytes, Func<byte[], byte[]>? change = null)
    {
        var blob = $"ted/2021/01/12/{what}-{Guid.NewGuid():N}.xml";
        var parse = new ParseNoticeHandler(storage, new NoticeParser(new ParserOptions { MaxNoticeBytes = maxBytes }), NullLogger<ParseNoticeHandler>.Instance);
        var content = change is null ? RealNotice() : change(RealNotice());
        Assert.False((await parse.HandleAsync(blob, new BinaryData(content), CancellationToken.None)).Success);
        return (blob, TableKeys.Safe(blob));
    }

    private static async Task<(bool Row, bool Copy)> StateAsync(ClausesStorage storage, string blob) =>
        ((await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>(ParseNoticeHandler.Stage, TableKeys.Safe(blob))).HasValue,
         (await storage.Quarantine.GetBlobClient(blob).ExistsAsync()).Value);

    [Fact]
    public async Task RetryReadsAQuarantinedRealNoticeOnceTheLimitIsFixedAndRefusesForgedOrGetRequests()
    {
        var storage = azurite.Storage();
        var (blob, row) = await QuarantineAsync(storage, "limit", maxBytes: 2_000);
        Assert.Contains("over the 2,000-byte limit", (await storage.Errors.GetEntityAsync<ErrorEntity>(ParseNoticeHandler.Stage, row)).Value.Reason);
        await using var host = await AdminHost.StartAsync(azurite, _folder);

        // GETs read only: the pages, the download, and the action's address itself.
        var page = await host.Http.GetStringAsync("/admin");
        Assert.Contains(WebUtility.HtmlEncode(blob), page);
        Assert.Contains("Réessayer", WebUtility.HtmlDecode(page));
        // The reason and the stage as an admin reads them, in French.
        Assert.Contains("au-delà de la limite de 2\u00A0000 octets", WebUtility.HtmlDecode(page));
        Assert.Contains("Lecture de l'avis", WebUtility.HtmlDecode(page));
        // The copy's size in Ko, and the console's menu marks the section open.
        Assert.Matches(@"\d+(,\d)?\u00A0Ko</span>", WebUtility.HtmlDecode(page));
        Assert.Contains("<a href=\"/admin\" aria-current=\"page\">", page);
        Assert.Contains("<a href=\"/admin/model\" aria-current=\"page\">", await host.Http.GetStringAsync("/admin/model"));
        foreach (var path in new[] { "/admin/model", "/admin/structures" }) Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync(path)).StatusCode);
        using var download = await host.Http.GetAsync($"/admin/quarantine/file?stage={ParseNoticeHandler.Stage}&row={Uri.EscapeDataString(row)}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("text/plain", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(RealNotice(), await download.Content.ReadAsByteArrayAsync());
        using var get = await host.Http.GetAsync($"/admin/quarantine/retry?stage={ParseNoticeHandler.Stage}&row={Uri.EscapeDataString(row)}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
        // A form's address opened as a link, an address that serves nothing: a French page, not an empty body.
        Assert.Contains("Cette adresse ne reçoit pas ce type de demande : une page se consulte en ouvrant son lien, un formulaire s'envoie par son bouton.", WebUtility.HtmlDecode(await get.Content.ReadAsStringAsync()).Plain());
        // The observatory's form is served on the site, with the others.
        using (var observatory = await host.Http.GetAsync("/observatoire"))
        {
            Assert.Equal(HttpStatusCode.OK, observatory.StatusCode);
            Assert.Contains("<h1>Observatoire des territoires</h1>", await observatory.Content.ReadAsStringAsync());
        }
        using (var nowhere = await host.Http.GetAsync("/territoires"))
        {
            Assert.Equal(HttpStatusCode.NotFound, nowhere.StatusCode);
            Assert.Equal("text/html", nowhere.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<h1>Page introuvable</h1>", await nowhere.Content.ReadAsStringAsync());
            Assert.Equal("nosniff", Assert.Single(nowhere.Headers.GetValues("X-Content-Type-Options")));
        }
        Assert.Equal((true, true), await StateAsync(storage, blob));

        // POSTs without the token, with a token made for another cookie, or without the cookie are refused.
        var token = await host.TokenAsync();
        var key = new[] { ("stage", ParseNoticeHandler.Stage), ("row", row) };
        using (var none = await host.PostAsync("/admin/quarantine/retry", key)) Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        var foreign = new ClausesSociales.Web.AntiForgery(AdminHost.Key).Token(ClausesSociales.Web.AntiForgery.CookieOrNew(null, out _));
        using (var wrong = await host.PostAsync("/admin/quarantine/retry", [.. key, ("af", foreign)])) Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        using (var bare = new HttpClient { BaseAddress = new Uri(host.BaseUrl) })
        {
            using var noCookie = await bare.PostAsync("/admin/quarantine/retry", new FormUrlEncodedContent(key.Append(("af", token)).ToDictionary(f => f.Item1, f => f.Item2)));
            Assert.Equal(HttpStatusCode.BadRequest, noCookie.StatusCode);
            Assert.Contains("rien n'a été modifié", WebUtility.HtmlDecode(await noCookie.Content.ReadAsStringAsync()).Plain());
        }
        Assert.Equal((true, true), await StateAsync(storage, blob));

        // With the token: parsed through ParseNotice, classified, matched, out of the quarantine.
        using var retried = await host.PostAsync("/admin/quarantine/retry", [.. key, ("af", token)]);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var answer = WebUtility.HtmlDecode(await retried.Content.ReadAsStringAsync()).Plain();
        Assert.Contains("est maintenant lu", answer);
        Assert.Contains("/lots/ted/014265-2021/", answer);
        Assert.Equal((false, false), await StateAsync(storage, blob));
        var lots = await storage.LotsOfAsync("ted", "014265-2021", CancellationToken.None);
        Assert.Equal(2, lots.Count);
        Assert.Equal(blob, (await storage.Tenders.GetEntityAsync<TenderEntity>("ted", "014265-2021")).Value.BlobName);
        Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync($"/lots/ted/014265-2021/{Uri.EscapeDataString(lots[0].LotId)}")).StatusCode);

        // The same click again changes nothing and says so.
        using var again = await host.PostAsync("/admin/quarantine/retry", [.. key, ("af", token)]);
        Assert.Contains("déjà été traitée", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()).Plain());
    }

    [Fact]
    public async Task DiscardDeletesTheCopyAndTheRowAndAStillBrokenFileStaysOnRetry()
    {
        var storage = azurite.Storage();
        var (blob, row) = await QuarantineAsync(storage, "truncated", new ParserOptions().MaxNoticeBytes, bytes => bytes[..(bytes.Length / 2)]);
        await using var host = await AdminHost.StartAsync(azurite, _folder);
        var token = await host.TokenAsync();
        var key = new[] { ("stage", ParseNoticeHandler.Stage), ("row", row), ("af", token) };

        using var retried = await host.PostAsync("/admin/quarantine/retry", key);
        var still = WebUtility.HtmlDecode(await retried.Content.ReadAsStringAsync()).Plain();
        // Why, in the words of the quarantine table: French, not the XML reader's English.
        Assert.Contains("toujours illisible : XML mal formé", still);
        Assert.DoesNotContain("Unexpected end of file", still);
        Assert.Equal((true, true), await StateAsync(storage, blob));

        // A row no Errors row can have ("/" is not a key character): not found, no storage error.
        using (var path = await host.Http.GetAsync($"/admin/quarantine/file?stage={ParseNoticeHandler.Stage}&row={Uri.EscapeDataString("../../etc/passwd")}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, path.StatusCode);
            Assert.Contains("Fichier introuvable", WebUtility.HtmlDecode(await path.Content.ReadAsStringAsync()).Plain());
        }
        using (var odd = await host.PostAsync("/admin/quarantine/discard", ("stage", ParseNoticeHandler.Stage), ("row", "../../x/y"), ("af", token)))
        {
            Assert.Equal(HttpStatusCode.OK, odd.StatusCode);
            Assert.Contains("déjà été traitée", WebUtility.HtmlDecode(await odd.Content.ReadAsStringAsync()).Plain());
        }

        using var discarded = await host.PostAsync("/admin/quarantine/discard", key);
        Assert.Equal(HttpStatusCode.OK, discarded.StatusCode);
        Assert.Contains("est écarté", WebUtility.HtmlDecode(await discarded.Content.ReadAsStringAsync()).Plain());
        Assert.Equal((false, false), await StateAsync(storage, blob));
        Assert.DoesNotContain(WebUtility.HtmlEncode(blob), await host.Http.GetStringAsync("/admin"));
    }

    [Fact]
    public async Task AnAdminPostFromAnotherMachineIsRefusedWithStorageUnchanged()
    {
        var storage = azurite.Storage();
        var (blob, row) = await QuarantineAsync(storage, "remote", maxBytes: 2_000);
        await using var host = await AdminHost.StartAsync(azurite, _folder, address: "0.0.0.0");
        var token = await host.TokenAsync();
        var remote = new Uri($"http://{AdminPageTests.OutsideAddress()}:{host.Port}");
        using var other = new HttpClient(new HttpClientHandler { CookieContainer = host.Cookies }) { BaseAddress = remote };
        host.Cookies.Add(remote, host.Cookies.GetCookies(new Uri(host.BaseUrl)));
        using var refused = await other.PostAsync("/admin/quarantine/discard",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["stage"] = ParseNoticeHandler.Stage, ["row"] = row, ["af"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var file = await other.GetAsync($"/admin/quarantine/file?stage={ParseNoticeHandler.Stage}&row={Uri.EscapeDataString(row)}");
        Assert.Equal(HttpStatusCode.Forbidden, file.StatusCode);
        Assert.Equal((true, true), await StateAsync(storage, blob));
        using var discarded = await host.PostAsync("/admin/quarantine/discard", ("stage", ParseNoticeHandler.Stage), ("row", row), ("af", token));
        Assert.Equal((false, false), await StateAsync(storage, blob));
    }

    [Fact]
    public async Task ImportsAStructuresFileWithItsPerLineReportAndRefusesOneOverTheCap()
    {
        var storage = azurite.Storage();
        // Five real SIAE of the directory, a sixth with its SIRET's check digit broken and a seventh with an unknown kind, made at run time.
        var lines = File.ReadAllLines(SharedData.Path("structures", "siae-2021.csv"));
        var chosen = lines.Skip(1).Where(l => !l.Contains('"') && l.Split(',')[9] is "971" or "972").Take(7).ToList();
        Assert.Equal(7, chosen.Count);
        var broken = chosen[5].Split(',');
        broken[0] = broken[0][..13] + (char)('0' + (broken[0][13] - '0' + 1) % 10);
        var unknownKind = chosen[6].Split(',');
        unknownKind[3] = "Boulangerie";
        var csv = string.Join("\n", new[] { lines[0] }.Concat(chosen.Take(5)).Append(string.Join(",", broken)).Append(string.Join(",", unknownKind))) + "\n";
        var sirets = chosen.Take(5).Select(l => l.Split(',')[0]).ToList();
        // Other tests may have imported the whole directory: the rows are compared by ETag, and only those this test made are removed.
        var before = await EtagsAsync(storage, sirets);
        await using var host = await AdminHost.StartAsync(azurite, _folder);
        var token = await host.TokenAsync("/admin/structures");
        try
        {
            async Task<HttpResponseMessage> UploadAsync(byte[] content, string? af)
            {
                var form = new MultipartFormDataContent();
                if (af is not null) form.Add(new StringContent(af), "af");
                form.Add(new ByteArrayContent(content), "file", "structures.csv");
                return await host.Http.PostAsync("/admin/structures/import", form);
            }
            using (var forged = await UploadAsync(Encoding.UTF8.GetBytes(csv), null)) Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Equal(before, await EtagsAsync(storage, sirets));

            using var imported = await UploadAsync(Encoding.UTF8.GetBytes(csv), token);
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            var html = WebUtility.HtmlDecode(await imported.Content.ReadAsStringAsync()).Plain();
            Assert.Contains("5 structures importées, 2 lignes refusées", html);
            Assert.Contains("<td data-label=\"Ligne\" class=\"num\">7</td>", html);
            Assert.Contains("SIRET « " + broken[0] + " » invalide", html);
            Assert.Contains("<td data-label=\"Ligne\" class=\"num\">8</td>", html);
            Assert.Contains("type « Boulangerie » inconnu", html);
            var after = await EtagsAsync(storage, sirets);
            Assert.All(sirets, siret => Assert.True(after[siret] is not null && after[siret] != before[siret], $"{siret} not written by the import"));

            // Over the cap (the real directory twelve times, about 5.3 MB): refused, nothing read.
            var big = Enumerable.Repeat(File.ReadAllBytes(SharedData.Path("structures", "siae-2021.csv")), 12).SelectMany(b => b).ToArray();
            using var tooLarge = await UploadAsync(big, token);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
            // The size as the form says it ("5 Mo au plus"), not "5 120 Ko".
            Assert.Contains("L'envoi dépasse 5\u00A0Mo : rien n'a été modifié", WebUtility.HtmlDecode(await tooLarge.Content.ReadAsStringAsync()).Plain());

            // A field longer than forms allow, or a body that is no form: 400 and why, not "trop volumineux".
            using (var longField = await host.PostAsync("/admin/structures/pending/reject", ("siret", new string('1', 5_000)), ("af", token)))
            {
                Assert.Equal(HttpStatusCode.BadRequest, longField.StatusCode);
                Assert.Contains("Un champ du formulaire dépasse 4\u202F000 caractères", WebUtility.HtmlDecode(await longField.Content.ReadAsStringAsync()).Plain());
            }
            using (var bodyless = await host.Http.PostAsync("/admin/model/retrain", null))
            {
                Assert.Equal(HttpStatusCode.BadRequest, bodyless.StatusCode);
                Assert.Contains("La demande ne contient pas de formulaire", WebUtility.HtmlDecode(await bodyless.Content.ReadAsStringAsync()).Plain());
            }
        }
        finally
        {
            foreach (var siret in sirets.Where(s => before[s] is null)) await storage.Table(StorageNames.Structures).DeleteEntityAsync(StructureEntity.Partition, siret);
        }
    }

    /// <summary>Each SIRET's Structures row version, null when there is none.</summary>
    private static async Task<Dictionary<string, string?>> EtagsAsync(ClausesStorage storage, IEnumerable<string> sirets)
    {
        var etags = new Dictionary<string, string?>();
        foreach (var siret in sirets)
        {
            var row = await storage.Table(StorageNames.Structures).GetEntityIfExistsAsync<StructureEntity>(StructureEntity.Partition, siret);
            etags[siret] = row.HasValue ? row.Value!.ETag.ToString() : null;
        }
        return etags;
    }

    [Fact]
    public async Task PendingStructuresAreAddedOrRejectedAndSubscriptionsAwaitingConfirmationAreListed()
    {
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync();
        var real = File.ReadAllLines(SharedData.Path("structures", "siae-2021.csv")).Skip(1).Where(l => !l.Contains('"') && l.Split(',')[9] == "973").Take(2).Select(l => l.Split(',')).ToList();
        var existed = (await EtagsAsync(storage, [real[0][0]]))[real[0][0]] is not null;
        var pending = storage.Table(StorageNames.PendingStructures);
        await pending.UpsertEntityAsync(PendingStructureEntity.For(real[0][0], real[0][1], "contact@structure.example", "Nous faisons <b>du nettoyage</b>", DateTimeOffset.UtcNow));
        await pending.UpsertEntityAsync(PendingStructureEntity.For(real[1][0], real[1][1], "autre@structure.example", null, DateTimeOffset.UtcNow, "ACI", "97300"));
        var awaiting = SubscriptionEntity.Structure(real[1][0], real[1][1], "attente<script>@structure.example", "weekly");
        awaiting.Active = false;
        awaiting.AwaitingConfirmation = true;
        awaiting.RequestedAt = DateTimeOffset.UtcNow;
        await storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(awaiting);
        using var smtp = new ClausesSociales.Tests.Digests.SmtpServerFixture();
        await using var host = await AdminHost.StartAsync(azurite, _folder, smtpPort: smtp.Port);
        try
        {
            var page = await host.Http.GetStringAsync("/admin/structures");
            Assert.Contains("Nous faisons &lt;b&gt;du nettoyage&lt;/b&gt;", page);
            Assert.Contains("attente&lt;script&gt;@structure.example", page);
            Assert.DoesNotContain("<script", page);
            var token = await host.TokenAsync("/admin/structures");
            // A request that gave its kind and post code: the card's form starts from them.
            var cards = await AngleSharp.BrowsingContext.New(AngleSharp.Configuration.Default).OpenAsync(r => r.Content(page));
            var given = cards.QuerySelectorAll("form[action='/admin/structures/pending/add']").Single(f => f.QuerySelector("input[name=siret]")!.GetAttribute("value") == real[1][0]);
            Assert.Equal("ACI", given.QuerySelector("select[name=kind] option[selected]")!.GetAttribute("value"));
            Assert.Equal("97300", given.QuerySelector("input[name=post_code]")!.GetAttribute("value"));

            using (var unsigned = await host.PostAsync("/admin/structures/pending/reject", ("siret", real[1][0])))
            {
                Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
            }
            Assert.True((await pending.GetEntityIfExistsAsync<PendingStructureEntity>(PendingStructureEntity.Partition, real[1][0])).HasValue);

            // A department that does not exist: refused with its reason, and what was typed is there to correct.
            using (var refused = await host.PostAsync("/admin/structures/pending/add", ("siret", real[0][0]), ("kind", real[0][3]), ("department", "99"), ("naf", real[0][5]), ("activities", "9091 <b>"), ("af", token)))
            {
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                var html = await refused.Content.ReadAsStringAsync();
                Assert.Contains("n'est pas ajoutée : ", WebUtility.HtmlDecode(html).Plain());
                var form = await AngleSharp.BrowsingContext.New(AngleSharp.Configuration.Default).OpenAsync(r => r.Content(html));
                var card = form.QuerySelectorAll("form[action='/admin/structures/pending/add']").Single(f => f.QuerySelector("input[name=siret]")!.GetAttribute("value") == real[0][0]);
                Assert.Equal("99", card.QuerySelector("input[name=department]")!.GetAttribute("value"));
                Assert.Equal(real[0][5], card.QuerySelector("input[name=naf]")!.GetAttribute("value"));
                Assert.Equal("9091 <b>", card.QuerySelector("input[name=activities]")!.GetAttribute("value"));
                Assert.Equal(real[0][3], card.QuerySelector("select[name=kind] option[selected]")!.GetAttribute("value"));
                Assert.DoesNotContain("9091 <b>", html);
            }
            Assert.True((await pending.GetEntityIfExistsAsync<PendingStructureEntity>(PendingStructureEntity.Partition, real[0][0])).HasValue);

            using var added = await host.PostAsync("/admin/structures/pending/add", ("siret", real[0][0]), ("kind", real[0][3]), ("department", "973"), ("naf", real[0][5]), ("af", token));
            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            Assert.Contains($"(SIRET {Siret.InFrench(real[0][0])}) est ajoutée aux structures", WebUtility.HtmlDecode(await added.Content.ReadAsStringAsync()).Plain());
            var structure = await storage.Table(StorageNames.Structures).GetEntityAsync<StructureEntity>(StructureEntity.Partition, real[0][0]);
            Assert.Equal("973", structure.Value.Department);
            Assert.False((await pending.GetEntityIfExistsAsync<PendingStructureEntity>(PendingStructureEntity.Partition, real[0][0])).HasValue);
            // The requester hears of it, with the way to subscribe; the admin sees that it went.
            Assert.Contains("Le demandeur en est prévenu par e-mail.", WebUtility.HtmlDecode(await added.Content.ReadAsStringAsync()).Plain());
            var welcome = Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Single().Address == "contact@structure.example");
            Assert.Equal("ClausesSociales – votre structure est ajoutée à l'annuaire", welcome.Subject);
            Assert.Contains($"{host.BaseUrl}/structures/{real[0][0]}/alertes", welcome.TextBody);
            Assert.Null(welcome.Headers["List-Unsubscribe"]);

            using var rejected = await host.PostAsync("/admin/structures/pending/reject", ("siret", real[1][0]), ("reason", "structure déjà inscrite sous le SIRET de son siège <b>"), ("af", token));
            Assert.Contains("est rejetée et supprimée", WebUtility.HtmlDecode(await rejected.Content.ReadAsStringAsync()).Plain());
            Assert.False((await pending.GetEntityIfExistsAsync<PendingStructureEntity>(PendingStructureEntity.Partition, real[1][0])).HasValue);
            var refusal = Assert.Single(smtp.Messages(), m => m.To.Mailboxes.Single().Address == "autre@structure.example");
            Assert.Contains("n'a pas été retenue", refusal.TextBody);
            // The admin's reason, as written, escaped in the HTML part.
            Assert.Contains("Motif : structure déjà inscrite sous le SIRET de son siège <b>", refusal.TextBody);
            Assert.Contains("&lt;b&gt;", refusal.HtmlBody);

            // Confirmed subscriptions are listed, an unsubscribed one as suspended, and the admin deletes one on request.
            var confirmed = SubscriptionEntity.Structure(real[0][0], real[0][1], "confirme@structure.example", "daily");
            var suspended = SubscriptionEntity.Buyer("21973000000011", "Commune <em>test</em>", "suspendu@commune.example", []);
            suspended.Active = false;
            await storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(confirmed);
            await storage.Table(StorageNames.Subscriptions).UpsertEntityAsync(suspended);
            var listed = await AngleSharp.BrowsingContext.New(AngleSharp.Configuration.Default).OpenAsync(r => r.Content(host.Http.GetStringAsync("/admin/structures").Result));
            var rows = listed.QuerySelectorAll("section").Single(x => x.QuerySelector("h2")!.TextContent.StartsWith("Abonnements confirmés", StringComparison.Ordinal)).QuerySelectorAll("tbody tr");
            Assert.Contains(rows, r => r.TextContent.Contains("confirme@structure.example") && r.TextContent.Contains("une alerte par jour"));
            Assert.Contains(rows, r => r.TextContent.Contains("Commune <em>test</em> (acheteur)") && r.TextContent.Contains("envois suspendus (désabonné)"));
            Assert.DoesNotContain(rows, r => r.TextContent.Contains("attente"));
            using (var unsignedDelete = await host.PostAsync("/admin/structures/subscriptions/delete", ("kind", "Buyer"), ("id", "21973000000011")))
            {
                Assert.Equal(HttpStatusCode.BadRequest, unsignedDelete.StatusCode);
            }
            // Without the box ticked, nothing is erased.
            using (var unticked = await host.PostAsync("/admin/structures/subscriptions/delete", ("kind", "Buyer"), ("id", "21973000000011"), ("af", token)))
            {
                Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
                Assert.Contains("rien n'a été supprimé", WebUtility.HtmlDecode(await unticked.Content.ReadAsStringAsync()).Plain());
            }
            Assert.True((await storage.Table(StorageNames.Subscriptions).GetEntityIfExistsAsync<SubscriptionEntity>("Buyer", "21973000000011")).HasValue);
            using (var deleted = await host.PostAsync("/admin/structures/subscriptions/delete", ("kind", "Buyer"), ("id", "21973000000011"), ("confirm", "yes"), ("af", token)))
            {
                Assert.Contains("L'abonnement de suspendu@commune.example pour Commune <em>test</em> est supprimé, adresse e-mail comprise.", WebUtility.HtmlDecode(await deleted.Content.ReadAsStringAsync()).Plain());
            }
            Assert.False((await storage.Table(StorageNames.Subscriptions).GetEntityIfExistsAsync<SubscriptionEntity>("Buyer", "21973000000011")).HasValue);
            using (var again = await host.PostAsync("/admin/structures/subscriptions/delete", ("kind", "Buyer"), ("id", "21973000000011"), ("confirm", "yes"), ("af", token)))
            {
                Assert.Contains("Cet abonnement n'existe plus : rien n'a été supprimé.", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()).Plain());
            }
            using (var hostile = await host.PostAsync("/admin/structures/subscriptions/delete", ("kind", "Admin"), ("id", new string('x', 2_000)), ("confirm", "yes"), ("af", token)))
            {
                Assert.Contains("Cet abonnement n'existe plus", WebUtility.HtmlDecode(await hostile.Content.ReadAsStringAsync()).Plain());
            }
            await storage.Table(StorageNames.Subscriptions).DeleteEntityAsync(confirmed.PartitionKey, confirmed.RowKey);
        }
        finally
        {
            if (!existed) await storage.Table(StorageNames.Structures).DeleteEntityAsync(StructureEntity.Partition, real[0][0]);
            await storage.Table(StorageNames.Subscriptions).DeleteEntityAsync(awaiting.PartitionKey, awaiting.RowKey);
        }
    }

    [Fact]
    public async Task TheQuarantineIsPagedNewestFirstEachRowOnOnePage()
    {
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync();
        const string stage = "PagingTest";
        var rows = Enumerable.Range(0, 55).Select(i => new ErrorEntity
        {
            PartitionKey = stage, RowKey = $"paging-{i:D2}", Stage = stage, BlobName = $"paging/file-{i:D2}.xml", Reason = "ligne de test de pagination",
        }).ToList();
        await ClausesStorage.UpsertBatchAsync(storage.Errors, rows, Azure.Data.Tables.TableTransactionActionType.UpsertReplace, CancellationToken.None);
        try
        {
            await using var host = await AdminHost.StartAsync(azurite, _folder);
            var first = WebUtility.HtmlDecode(await host.Http.GetStringAsync("/admin"));
            Assert.Matches(@"Page 1 sur \d+", first);
            Assert.Contains("/admin?page=2", first);
            Assert.Equal(AdminPageSize, first.Split("Écarter</button>").Length - 1);
            var second = WebUtility.HtmlDecode(await host.Http.GetStringAsync("/admin?page=2"));
            Assert.Contains("Page 2 sur", second);
            foreach (var row in rows)
            {
                Assert.True(first.Contains(row.BlobName) ^ second.Contains(row.BlobName), $"{row.BlobName} on exactly one of the first two pages");
            }
            // A page number out of range or not a number gives a page that exists.
            Assert.Contains("Page 1 sur", WebUtility.HtmlDecode(await host.Http.GetStringAsync("/admin?page=abc")));
        }
        finally
        {
            foreach (var row in rows) await storage.Errors.DeleteEntityAsync(stage, row.RowKey);
        }
    }

    private const int AdminPageSize = ClausesSociales.Web.AdminPage.PageSize;

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

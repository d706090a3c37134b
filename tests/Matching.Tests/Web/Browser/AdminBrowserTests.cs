using ClausesSociales.Pipeline;
using ClausesSociales.Storage;
using Microsoft.Playwright;

namespace ClausesSociales.Tests.Web.Browser;

/// <summary>
/// An admin, in Debian's chromium, retries a quarantined real notice after the fix: `clauses host`
/// first runs with a size limit smaller than the notice (its blob trigger quarantines it), then is
/// restarted with the normal limit (its blob trigger does not read a blob it already handled); the
/// admin opens /admin, sees the notice in the quarantine, clicks "Réessayer" and sees it parsed:
/// gone from the quarantine, its lot stored and linked.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AdminBrowserTests(AzuriteFixture azurite) : IDisposable
{
    private const string NoticeId = "016699-2021";
    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-admin-browser-").FullName;

    private static async Task EventuallyAsync(Func<Task<bool>> probe, string what, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await probe())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{what} did not happen within {seconds} s");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task AnAdminRetriesAQuarantinedRealNoticeAfterTheFixAndSeesItParsed()
    {
        var storage = azurite.Storage();
        await storage.EnsureCreatedAsync();
        var blob = $"ted/2021/01/13/{Guid.NewGuid():N}/{NoticeId}.xml";
        var content = await File.ReadAllBytesAsync(SharedData.Path("ted-rdf-mapping", "test_data", "sampling_2021", "form_number_F02", $"{NoticeId}.xml"));
        // Other tests may store the same real notice: what this one reads back is the Tender row naming its own blob.
        async Task<string?> TenderBlobAsync() => (await storage.Tenders.GetEntityIfExistsAsync<TenderEntity>("ted", NoticeId)) is { HasValue: true } t ? t.Value!.BlobName : null;
        Assert.NotEqual(blob, await TenderBlobAsync());

        // The host with a limit the notice is over: its blob trigger quarantines it.
        await using (var small = await AdminHost.StartAsync(azurite, _folder, maxNoticeBytes: 4_096))
        {
            await storage.RawNotices.GetBlobClient(blob).UploadAsync(new BinaryData(content), overwrite: true);
            await EventuallyAsync(async () => (await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>(ParseNoticeHandler.Stage, TableKeys.Safe(blob))).HasValue, "the quarantine of the oversized notice");
            // Stopped once the trigger has recorded the blob as handled, as a host stops after its work.
            var receipts = storage.BlobService.GetBlobContainerClient("azure-webjobs-hosts");
            await EventuallyAsync(async () =>
            {
                await foreach (var r in receipts.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "blobreceipts/", CancellationToken.None))
                {
                    if (r.Name.EndsWith($"{StorageNames.RawNotices}/{blob}", StringComparison.Ordinal)) return true;
                }
                return false;
            }, "the blob receipt of the first host");
        }
        Assert.True((await storage.Quarantine.GetBlobClient(blob).ExistsAsync()).Value);
        Assert.NotEqual(blob, await TenderBlobAsync());

        // The fix: the host restarted with the normal limit.
        await using var host = await AdminHost.StartAsync(azurite, _folder);
        await using var browser = await Chromium.LaunchAsync();
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var opened = await page.GotoAsync($"{host.BaseUrl}/admin");
        Assert.Equal(200, opened!.Status);
        var row = page.Locator("tr", new() { HasText = blob });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("limit");

        await row.GetByRole(AriaRole.Button, new() { Name = "Réessayer" }).ClickAsync();
        // The retry parses, classifies and matches before it answers: on a machine busy with the
        // other tests that took more than Playwright's 30 s once; the test is about what it does.
        await page.WaitForURLAsync("**/admin/quarantine/retry", new() { Timeout = 120_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("est maintenant lu");
        await Assertions.Expect(page.Locator("tr", new() { HasText = blob })).ToHaveCountAsync(0);

        Assert.Equal(blob, await TenderBlobAsync());
        var lots = await storage.LotsOfAsync("ted", NoticeId, CancellationToken.None);
        var lot = Assert.Single(lots);
        Assert.False((await storage.Errors.GetEntityIfExistsAsync<ErrorEntity>(ParseNoticeHandler.Stage, TableKeys.Safe(blob))).HasValue);
        Assert.False((await storage.Quarantine.GetBlobClient(blob).ExistsAsync()).Value);

        await page.Locator($"a[href*='/lots/ted/{NoticeId}/']").First.ClickAsync();
        await page.WaitForURLAsync($"**/lots/ted/{NoticeId}/**");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(lot.Title![..20]);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

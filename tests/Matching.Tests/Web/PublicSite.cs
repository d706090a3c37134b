using ClausesSociales.Cli;
using ClausesSociales.Digests;
using ClausesSociales.Storage;
using ClausesSociales.Structures;
using Microsoft.AspNetCore.Builder;

namespace ClausesSociales.Tests.Web;

/// <summary>
/// `clauses host` started on a free loopback port against the test Azurite, as HostPagesTests does,
/// with the real SMTP test server when one is given; plus the links it signs, made the same way.
/// </summary>
internal sealed class PublicSite : IAsyncDisposable
{
    public const string Key = TestSite.Key;

    private readonly string _folder = Directory.CreateTempSubdirectory("clauses-public-").FullName;

    private PublicSite(AzuriteFixture azurite, int? smtpPort)
    {
        BaseUrl = $"http://127.0.0.1:{Loopback.FreePort()}";
        var values = new Dictionary<string, string?>();
        if (smtpPort is { } port)
        {
            values[nameof(ClausesSocialesOptions.SmtpHost)] = "127.0.0.1";
            values[nameof(ClausesSocialesOptions.SmtpPort)] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            values[nameof(ClausesSocialesOptions.SmtpFrom)] = "ClausesSociales <alertes@clauses.example>";
        }
        App = TestSite.Build(azurite, _folder, BaseUrl, values);
        Storage = azurite.Storage();
    }

    public string BaseUrl { get; }

    public WebApplication App { get; }

    public ClausesStorage Storage { get; }

    public SignedLinks SignedLinks => new(Key, BaseUrl);

    public SubscriptionLinks Links => new(SignedLinks);

    public static async Task<PublicSite> StartAsync(AzuriteFixture azurite, int? smtpPort = null)
    {
        var site = new PublicSite(azurite, smtpPort);
        await site.Storage.EnsureCreatedAsync(CancellationToken.None);
        await site.App.StartAsync();
        return site;
    }

    /// <summary>A structure of the test's own: the sample Villeurbanne ESAT under another SIRET and name.</summary>
    public static async Task AddStructureAsync(ClausesStorage storage, string siret, string name)
    {
        using var reader = new StreamReader(Path.Combine(SharedData.RepositoryRoot(), "samples", "structures.csv"));
        var esat = new StructureCsvImporter().Read(reader).Structures.Single(s => s.Siret == "90012345600007");
        await new StructureStore(storage).SaveAsync([esat with { Siret = siret, Name = name }], CancellationToken.None);
    }

    public async Task<SubscriptionEntity?> SubscriptionAsync(SubscriberKind kind, string id) =>
        await Storage.Table(StorageNames.Subscriptions).GetEntityIfExistsAsync<SubscriptionEntity>(kind.ToString(), id) is { HasValue: true } found ? found.Value : null;

    /// <summary>Every subscription row holding an address, whatever its key.</summary>
    public async Task<int> RowsHoldingAsync(string email)
    {
        var count = 0;
        await foreach (var row in Storage.Table(StorageNames.Subscriptions).QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            if (row.Select(p => p.Value).OfType<string>().Any(v => v.Contains(email, StringComparison.OrdinalIgnoreCase))) count++;
        }
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await StoredSample.StopAsync(App);
        Directory.Delete(_folder, recursive: true);
    }
}

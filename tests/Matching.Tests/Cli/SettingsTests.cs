using ClausesSociales.Cli;
using ClausesSociales.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ClausesSociales.Tests.Cli;

public sealed class SettingsTests
{
    [Fact]
    public async Task WithoutAConnectionStringTheStorageSettingsNameTheAccountTheCliReachesByIdentity()
    {
        var settings = new Settings(new Dictionary<string, string?>(), null, new Dictionary<string, string?>
        {
            ["serviceUri"] = "https://stclauses.blob.core.windows.net",
            ["tableServiceUri"] = "https://stclauses.table.core.windows.net",
        });

        var (connection, azurite) = await LocalStorage.ResolveAsync(settings, CancellationToken.None);
        await using var services = Services.Build(settings, connection);
        var storage = services.GetRequiredService<ClausesStorage>();

        Assert.True(settings.UsesIdentity);
        Assert.Null(connection);
        Assert.Null(azurite);
        Assert.Equal(new Uri("https://stclauses.blob.core.windows.net"), storage.BlobService.Uri);
        Assert.Equal("stclauses", storage.TableService.AccountName);
    }
}

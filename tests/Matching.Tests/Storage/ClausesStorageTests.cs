using ClausesSociales.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClausesSociales.Tests.Storage;

public sealed class ClausesStorageTests
{
    private static ClausesStorage FromSettings(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddClausesSociales(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider().GetRequiredService<ClausesStorage>();

    [Fact]
    public void TheFunctionsAppsIdentitySettingsSelectTheAccountsServicesWithoutAnyKey()
    {
        // The app settings infra/app/function.bicep gives the Function App.
        var storage = FromSettings(new()
        {
            ["Storage:serviceUri"] = "https://stclauses.blob.core.windows.net",
            ["Storage:tableServiceUri"] = "https://stclauses.table.core.windows.net",
            ["Storage:credential"] = "managedidentity",
            ["Storage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal(new Uri("https://stclauses.blob.core.windows.net"), storage.BlobService.Uri);
        Assert.Equal("stclauses", storage.TableService.AccountName);
        Assert.False(storage.BlobService.CanGenerateAccountSasUri);
    }

    [Fact]
    public void AConnectionStringWinsAndNoSettingAtAllIsAClearError()
    {
        var storage = FromSettings(new() { ["ClausesSociales:StorageConnection"] = "UseDevelopmentStorage=true", ["Storage:serviceUri"] = "https://stclauses.blob.core.windows.net" });
        Assert.Equal("devstoreaccount1", storage.BlobService.AccountName);
        Assert.True(storage.BlobService.CanGenerateAccountSasUri);

        var error = Assert.Throws<InvalidOperationException>(() => FromSettings(new() { ["Storage:serviceUri"] = "https://stclauses.blob.core.windows.net" }));
        Assert.Contains("ClausesSociales:StorageConnection", error.Message);
        Assert.Contains("Storage:tableServiceUri", error.Message);
    }
}

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

        var (connection, azurite, resolved) = await LocalStorage.ResolveAsync(settings, CancellationToken.None);
        await using var services = Services.Build(settings, connection);
        var storage = services.GetRequiredService<ClausesStorage>();

        Assert.True(settings.UsesIdentity);
        Assert.Same(settings, resolved);
        Assert.Null(connection);
        Assert.Null(azurite);
        Assert.Equal(new Uri("https://stclauses.blob.core.windows.net"), storage.BlobService.Uri);
        Assert.Equal("stclauses", storage.TableService.AccountName);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AKeyFileLeftReadableByOthersIsMadeOwnerOnly()
    {
        var folder = Directory.CreateTempSubdirectory("clauses-key-").FullName;
        try
        {
            var file = Path.Combine(folder, "link-signing.key");
            File.WriteAllText(file, new string('a', 64));
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

            LocalStorage.WithLocalSigningKey(new Settings(new Dictionary<string, string?>(), null), folder);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void LocalRunsWithoutAKeyShareOneKeptBesideTheLocalStorage()
    {
        var folder = Directory.CreateTempSubdirectory("clauses-key-").FullName;
        try
        {
            var unset = new Settings(new Dictionary<string, string?>(), null);
            var first = LocalStorage.WithLocalSigningKey(unset, folder);
            var second = LocalStorage.WithLocalSigningKey(unset, folder);
            var key = first.Values[nameof(ClausesSocialesOptions.UnsubscribeKey)];

            Assert.Equal(64, key!.Length);
            Assert.Equal(key, second.Values[nameof(ClausesSocialesOptions.UnsubscribeKey)]);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder, "link-signing.key")));
            var configured = new Settings(new Dictionary<string, string?> { [nameof(ClausesSocialesOptions.UnsubscribeKey)] = "a-key-the-admin-configured" }, null);
            Assert.Same(configured, LocalStorage.WithLocalSigningKey(configured, folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

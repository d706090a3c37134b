using System.Text.RegularExpressions;
using ClausesSociales.Storage;

namespace ClausesSociales.Tests.Infrastructure;

/// <summary>What infra/ provisions is what the code uses: the same containers, tables and queue, and a setting for every schedule the functions name.</summary>
public sealed partial class InfraTests
{
    private static string Infra(string file) => File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "infra", "app", file));

    private static string[] BicepList(string bicep, string name) =>
        ListItems().Matches(Regex.Match(bicep, $@"var {name} = \[(?<items>[^\]]*)\]").Groups["items"].Value).Select(m => m.Groups[1].Value).ToArray();

    [Fact]
    public void TheStorageAccountHoldsEveryContainerTableAndQueueOfThePipeline()
    {
        var storage = Infra("storage.bicep");

        Assert.Equal(StorageNames.Tables.Order(), BicepList(storage, "tables").Order());
        Assert.Equal(StorageNames.Containers.Append("app-package").Order(), BicepList(storage, "containers").Order());
        Assert.Equal([StorageNames.ParsedNoticesQueue], BicepList(storage, "queues"));
    }

    [Fact]
    public void TheFunctionAppHasEverySettingItsTriggersAndTheCoreRead()
    {
        var function = Infra("function.bicep");
        var functions = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "functions", "PipelineFunctions.cs"));

        foreach (Match schedule in Regex.Matches(functions, "%([A-Z_]+)%"))
        {
            Assert.Contains($"name: '{schedule.Groups[1].Value}'", function);
        }
        foreach (var setting in new[] { "Storage__serviceUri", "Storage__tableServiceUri", "Storage__queueServiceUri", "Storage__clientId", "ClausesSociales__UnsubscribeKey", "ClausesSociales__PublicBaseUrl" })
        {
            Assert.Contains($"name: '{setting}'", function);
        }
        Assert.DoesNotContain("AccountKey", function);
        Assert.Contains("allowSharedKeyAccess: false", Infra("storage.bicep"));
    }

    [Fact]
    public void TheAdminRoutesRequireAnEntraSignInAndThePublicOnesStayAnonymous()
    {
        var function = Infra("function.bicep");
        var auth = function[function.IndexOf("'Microsoft.Web/sites/config@", StringComparison.Ordinal)..];
        Assert.Contains("name: 'authsettingsV2'", auth);
        Assert.Contains("requireAuthentication: true", auth);
        Assert.Contains("azureActiveDirectory", auth);
        Assert.Contains("clientSecretSettingName: adminSecretSetting", auth);
        Assert.DoesNotContain("clientSecret:", auth);
        var excluded = BicepList(auth.Replace("excludedPaths: [", "var excluded = ["), "excluded");
        Assert.Equal(["/", "/lots/*", "/structures", "/structures/*", "/digests/*", "/api/*"], excluded);
        Assert.DoesNotContain(excluded, p => p.StartsWith("/admin", StringComparison.Ordinal) || p == "/*");

        // Every admin function is on an /admin route and goes through the sign-in check; state changes are POSTs.
        var functions = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "functions", "AdminFunctions.cs"));
        var triggers = Regex.Matches(functions, @"HttpTrigger\(AuthorizationLevel\.Anonymous, ""(?<verb>\w+)"", Route = ""(?<route>[^""]+)""\)\] HttpRequest request, CancellationToken cancellationToken\) =>\s+(?<call>\w+)\(");
        Assert.True(triggers.Count >= 9, $"{triggers.Count} admin functions");
        Assert.All(triggers, t =>
        {
            Assert.StartsWith("admin", t.Groups["route"].Value);
            Assert.Contains(t.Groups["call"].Value, new[] { "SignedInAsync", "PostAsync" });
            if (t.Groups["call"].Value == "PostAsync") Assert.Equal("post", t.Groups["verb"].Value);
        });
    }

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex ListItems();
}

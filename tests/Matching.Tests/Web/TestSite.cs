using ClausesSociales.Cli;
using Microsoft.AspNetCore.Builder;

namespace ClausesSociales.Tests.Web;

/// <summary>`clauses host` as the web tests start it: the test Azurite, the shared code lists, a test signing key and its timers out of the way.</summary>
internal static class TestSite
{
    public const string Key = "a-test-signing-key-of-enough-length";

    /// <param name="baseUrl">The address the host's links name.</param>
    /// <param name="settings">Settings added to (or replacing) the common ones.</param>
    /// <param name="listenUrl">Where it listens, when not <paramref name="baseUrl"/> (every address, for the refusal tests).</param>
    public static WebApplication Build(AzuriteFixture azurite, string folder, string baseUrl, IReadOnlyDictionary<string, string?>? settings = null, string? listenUrl = null)
    {
        var values = new Dictionary<string, string?>
        {
            [nameof(ClausesSocialesOptions.UnsubscribeKey)] = Key,
            [nameof(ClausesSocialesOptions.DigestFolder)] = folder,
            [nameof(ClausesSocialesOptions.PublicBaseUrl)] = baseUrl,
            [nameof(ClausesSocialesOptions.CodeListsPath)] = SharedData.Path("eforms-sdk"),
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>()) values[name] = value;
        var never = HostCommand.DefaultSchedules.ToDictionary(s => s.Key, _ => "0 0 0 1 1 *");
        return HostCommand.Build(new Settings(values, azurite.ConnectionString), azurite.ConnectionString, listenUrl ?? baseUrl, never);
    }
}

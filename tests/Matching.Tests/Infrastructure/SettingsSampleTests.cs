using System.Reflection;
using System.Text.Json;
using ClausesSociales.Collection;
using ClausesSociales.Storage;

namespace ClausesSociales.Tests.Infrastructure;

/// <summary>local.settings.sample.json documents every setting the options classes bind, with a value and an explanation.</summary>
public sealed class SettingsSampleTests
{
    [Fact]
    public void EveryBoundOptionHasASampleValueAndAComment()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot(), "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet();
        var comments = sample.RootElement.GetProperty("_comments").EnumerateObject().Where(p => p.Value.GetString() is { Length: > 10 }).Select(p => p.Name).ToHashSet();
        var options = new (Type Type, string Prefix)[]
        {
            (typeof(ClausesSocialesOptions), "ClausesSociales__"),
            (typeof(BoampCollectorOptions), "ClausesSociales__Boamp__"),
            (typeof(TedCollectorOptions), "ClausesSociales__Ted__"),
            (typeof(StorageIdentityOptions), "Storage__"),
        };

        var expected = options.SelectMany(o => o.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)
            .Select(p => o.Prefix + (o.Type == typeof(StorageIdentityOptions) ? char.ToLowerInvariant(p.Name[0]) + p.Name[1..] : p.Name))).ToList();

        Assert.True(expected.Count > 30, $"{expected.Count} settings");
        Assert.All(expected, key => Assert.Contains(key, values));
        Assert.All(values, key => Assert.Contains(key, comments));
    }
}

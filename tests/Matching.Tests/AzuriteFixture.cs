using ClausesSociales.Storage;

namespace ClausesSociales.Tests;

/// <summary>
/// A private in-memory Azurite for the test run, installed from npm by the project if needed.
/// When Node.js is missing the tests that use it fail with that reason.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Azurite? _azurite;

    public string ConnectionString => _azurite?.ConnectionString ?? throw new InvalidOperationException("Azurite did not start");

    /// <summary>Storage with its own table and container names would need a second account; tests use distinct ids instead.</summary>
    public ClausesStorage Storage() => ClausesStorage.FromConnectionString(ConnectionString);

    public async Task InitializeAsync() => _azurite = await Azurite.StartInMemoryAsync();

    public async Task DisposeAsync()
    {
        if (_azurite is not null) await _azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}

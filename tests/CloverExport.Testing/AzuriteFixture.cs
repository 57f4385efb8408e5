using Xunit;

namespace CloverExport.Testing;

/// <summary>xunit fixture: one Azurite per test class (or collection) that uses it.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteInstance? instance;

    public AzuriteInstance Azurite => instance ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Azurite.ConnectionString;

    public async Task InitializeAsync() => instance = await AzuriteInstance.StartAsync();

    public async Task DisposeAsync()
    {
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }
    }
}

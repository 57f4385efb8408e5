using System.Net.Http.Headers;
using Xunit;

namespace CloverExport.Testing;

/// <summary>
/// xunit fixture: one Clover emulator per test class (or collection) on free 127.0.0.1 ports, with
/// test-friendly settings (milliseconds of processing, hours not enforced, generous rate limits).
/// Derive and override <see cref="Configure"/> to change them.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    private CloverEmulatorHost? host;

    public CloverEmulatorHost Emulator => host ?? throw new InvalidOperationException("The emulator has not started.");

    public Uri ApiBaseUrl => Emulator.ApiBaseUrl;

    /// <summary>Options used by the fixture: <see cref="EmulatorTestMerchants.All"/>, fast processing, open hours.</summary>
    public static EmulatorOptions CreateTestOptions() => new()
    {
        Merchants = EmulatorTestMerchants.All.Select(m => m.ToOptions()).ToList(),
        ProcessingBase = TimeSpan.FromMilliseconds(20),
        ProcessingPerThousand = TimeSpan.FromMilliseconds(10),
        FileLifetime = TimeSpan.FromHours(1),
        EnforceHours = false,
        RateLimitPerSecond = 1000,
        RateLimitConcurrent = 100,
        MaxConcurrentExportsPerMerchant = 2,
        MaxConcurrentExportsPerApp = 10,
    };

    /// <summary>An HttpClient for the emulator's API sending the merchant's Bearer token.</summary>
    public HttpClient CreateApiClient(string token)
    {
        var client = new HttpClient { BaseAddress = ApiBaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task InitializeAsync()
    {
        var options = CreateTestOptions();
        Configure(options);
        host = await CloverEmulatorHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    protected virtual void Configure(EmulatorOptions options)
    {
    }
}

using Microsoft.Extensions.Time.Testing;

namespace CloverExport.Emulator.Tests;

/// <summary>A private emulator for one test, on a fake clock so limits and expiry are exact.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    private TestHost(CloverEmulatorHost emulator, FakeTimeProvider time)
    {
        Emulator = emulator;
        Time = time;
        Sandbox = Api(EmulatorTestMerchants.Sandbox);
        Http = new HttpClient { BaseAddress = emulator.ApiBaseUrl };
    }

    public CloverEmulatorHost Emulator { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The sandbox merchant's API: never closed, the merchant most tests talk as.</summary>
    public CloverApi Sandbox { get; }

    /// <summary>A client on the API port without a token, for the admin endpoints and OAuth refresh.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts with the fixture's test options, the given tweaks and a fake clock at <paramref name="now"/> (default a Monday noon).</summary>
    public static async Task<TestHost> StartAsync(Action<EmulatorOptions>? configure = null, DateTimeOffset? now = null)
    {
        var time = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var options = EmulatorFixture.CreateTestOptions();
        options.TimeProvider = time;
        configure?.Invoke(options);
        return new TestHost(await CloverEmulatorHost.StartAsync(options), time);
    }

    public CloverApi Api(EmulatorTestMerchant merchant) => new(Emulator.ApiBaseUrl, merchant);

    /// <summary>Creates an export, lets the fake clock run past its processing and returns the DONE export.</summary>
    public async Task<JsonElement> CreateDoneAsync(CloverApi api, string type, long start, long end)
    {
        var id = await api.CreateIdAsync(type, start, end);
        Time.Advance(TimeSpan.FromMinutes(1));
        return await api.StatusAsync(id);
    }

    /// <summary>The same for the one-day export (<see cref="CloverApi.OneDayStart"/>).</summary>
    public Task<JsonElement> CreateOneDayDoneAsync(CloverApi api) => CreateDoneAsync(api, "ORDERS", CloverApi.OneDayStart, CloverApi.OneDayEnd);

    public async ValueTask DisposeAsync()
    {
        Sandbox.Dispose();
        Http.Dispose();
        await Emulator.DisposeAsync();
    }
}

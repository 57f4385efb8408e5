using Microsoft.Extensions.Time.Testing;

namespace CloverExport.Emulator.Tests;

/// <summary>A private emulator for one test, on a fake clock so limits and expiry are exact.</summary>
internal sealed class TestHost : IAsyncDisposable
{
    private TestHost(CloverEmulatorHost emulator, FakeTimeProvider time)
    {
        Emulator = emulator;
        Time = time;
    }

    public CloverEmulatorHost Emulator { get; }

    public FakeTimeProvider Time { get; }

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
    public async Task<System.Text.Json.JsonElement> CreateDoneAsync(CloverApi api, string type, long start, long end)
    {
        var id = (await api.CreateAsync(type, start, end)).GetProperty("id").GetString()!;
        Time.Advance(TimeSpan.FromMinutes(1));
        return await api.StatusAsync(id);
    }

    public ValueTask DisposeAsync() => new(Emulator.DisposeAsync());
}

using CloverExport.Core.Tests.Support;
using CloverExport.Emulator;
using CloverExport.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace CloverExport.Core.Tests.Integration;

/// <summary>
/// A fresh emulator on 127.0.0.1 and the client as <c>AddCloverClient</c> builds it, with its real
/// handlers (including the connect-time address check) and every log entry captured.
/// </summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    public const string MerchantId = "EMUSANDBOX001";
    public const string Token = "emu-SECRET-token-5d2f9a";

    /// <summary>Ten days of data with small files, so an export has several.</summary>
    public static readonly DateTimeOffset DataStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private EmulatorHarness(CloverEmulatorHost emulator, IConfiguration configuration)
    {
        Emulator = emulator;
        var services = new ServiceCollection();
        services.AddCapturedLogs(Logs);
        services.AddConfiguredCloverClient(configuration);
        Provider = services.BuildServiceProvider();
    }

    public CloverEmulatorHost Emulator { get; }

    public ServiceProvider Provider { get; }

    public FakeLoggerProvider Logs { get; } = new();

    public ICloverExportClient Client => Provider.GetRequiredService<ICloverExportClient>();

    public static async Task<EmulatorHarness> StartAsync(
        Action<EmulatorOptions>? emulator = null, Action<Dictionary<string, string?>>? client = null)
    {
        var options = new EmulatorOptions
        {
            Merchants =
            [
                new EmulatorMerchantOptions
                {
                    Id = MerchantId,
                    Token = Token,
                    Region = "sandbox",
                    DataStart = DateOnly.FromDateTime(DataStart.UtcDateTime),
                    DataEnd = DateOnly.FromDateTime(DataStart.UtcDateTime.AddDays(10)),
                    OrdersPerDay = 30,
                    Seed = 7,
                },
            ],
            ProcessingBase = TimeSpan.FromMilliseconds(200),
            ProcessingPerThousand = TimeSpan.FromMilliseconds(100),
            ObjectsPerFile = 40,
        };
        emulator?.Invoke(options);
        var host = await CloverEmulatorHost.StartAsync(options);

        var settings = new Dictionary<string, string?>
        {
            ["Clover:BaseUrl"] = host.ApiBaseUrl.ToString(),
            ["Clover:AllowedFileHosts"] = "127.0.0.1",
            ["Clover:MaxInProcessRetryAfter"] = "00:00:05",
            ["Clover:AttemptTimeout"] = "00:00:05",
            ["Clover:TotalTimeout"] = "00:00:30",
            ["Merchants:0:Id"] = MerchantId,
            ["Merchants:0:Region"] = "sandbox",
            ["Merchants:0:Token"] = Token,
        };
        client?.Invoke(settings);
        return new EmulatorHarness(host, new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
    }

    /// <summary>Polls on the real clock until the export is terminal (the emulator finishes in well under a second).</summary>
    public async Task<CloverExportJob> WaitUntilTerminalAsync(CloverExportJob job)
    {
        for (var i = 0; i < 300 && !job.IsTerminal; i++)
        {
            await Task.Delay(100);
            job = await Client.GetExportAsync(job.MerchantId, job.Id);
        }

        Assert.True(job.IsTerminal, $"export {job.Id} is still {job.RawStatus}");
        return job;
    }

    /// <summary>What every test ends with: no token or signed query in any log, no token ever sent to a file URL.</summary>
    public void AssertNothingLeaked()
    {
        Assert.Equal(0, Emulator.Counters.FileRequestsWithAuthorization);
        Assert.DoesNotContain(Token, Logs.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain("sig=", Logs.AllText(), StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await Provider.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CloverExport.Pipeline.Tests;

/// <summary>
/// A fresh Clover emulator and the real pipeline over it (<see cref="LocalPipelineHost"/>) at test speed
/// (<see cref="LocalPipelineSettings.TestSpeed"/>), with every log entry from Debug up captured. Each
/// harness gets its own container.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private readonly LocalPipelineHost pipeline;

    private PipelineHarness(CloverEmulatorHost emulator, LocalPipelineHost pipeline, FakeLoggerProvider logs)
    {
        Emulator = emulator;
        this.pipeline = pipeline;
        Logs = logs;
    }

    public CloverEmulatorHost Emulator { get; }

    public DurableTaskTestHost Engine => pipeline.Engine;

    public DurableTaskClient Client => pipeline.Client;

    public Azure.Storage.Blobs.BlobContainerClient Container => pipeline.Container;

    public FakeLoggerProvider Logs { get; }

    /// <inheritdoc cref="LocalPipelineHost.Configuration"/>
    public IConfiguration Configuration => pipeline.Configuration;

    public static async Task<PipelineHarness> StartAsync(
        AzuriteInstance azurite,
        EmulatorOptions emulatorOptions,
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var emulator = await CloverEmulatorHost.StartAsync(emulatorOptions);
        var logs = new FakeLoggerProvider();
        var pipeline = await LocalPipelineHost.StartAsync(emulator, azurite, new LocalPipelineHostOptions
        {
            Settings = [.. LocalPipelineSettings.TestSpeed, .. overrides ?? new Dictionary<string, string?>()],
            Logging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug),
            Services = configureServices,
        });
        return new PipelineHarness(emulator, pipeline, logs);
    }

    /// <summary>Runs a merchant export to completion (under a fresh instance id) and returns its result.</summary>
    public async Task<(MerchantExportResult Result, string InstanceId)> RunAsync(MerchantExportInput input, TimeSpan? timeout = null)
    {
        var instanceId = TaskNames.MerchantInstanceId(input.MerchantId) + "-" + Guid.NewGuid().ToString("N")[..6];
        var metadata = await pipeline.RunAsync(input, timeout ?? TimeSpan.FromMinutes(4), instanceId);
        return (metadata.ReadOutputAs<MerchantExportResult>()!, instanceId);
    }

    /// <inheritdoc cref="StoredExports.StoredIdsAsync"/>
    public Task<List<string>> StoredIdsAsync(string merchantId, ExportType type, DateTimeOffset? from = null, DateTimeOffset? to = null) =>
        StoredExports.StoredIdsAsync(Container, merchantId, type, from, to);

    /// <summary>Asserts that storage holds exactly the emulator's ground truth for [from, to] (both inclusive): every id once.</summary>
    public Task AssertExactlyOnceAsync(string merchantId, ExportType type, DateTimeOffset from, DateTimeOffset to) =>
        StoredExports.AssertExactlyOnceAsync(Container, Emulator, merchantId, type, from, to);

    /// <summary>The same for every type.</summary>
    public async Task AssertExactlyOnceAsync(string merchantId, DateTimeOffset from, DateTimeOffset to)
    {
        foreach (var type in ExportTypes.All)
        {
            await AssertExactlyOnceAsync(merchantId, type, from, to);
        }
    }

    /// <inheritdoc cref="StoredExports.AssertManifestsMatchFilesAsync"/>
    public Task AssertManifestsMatchFilesAsync() => StoredExports.AssertManifestsMatchFilesAsync(Container);

    public async ValueTask DisposeAsync()
    {
        await pipeline.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

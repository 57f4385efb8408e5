using Grpc.Core.Interceptors;
using CloverExport.Core.Configuration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Logging;

namespace CloverExport.Benchmarks;

/// <summary>
/// The real pipeline as the CLI hosts it (<see cref="LocalPipelineHost"/>) at benchmark speed, quiet,
/// with the worker's calls routed through an <see cref="EngineTap"/>. Also builds plain service
/// providers (no engine) for measurements that call Core classes directly.
/// </summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    // Polling 250 ms → 1 s, as the reports in docs/benchmarks.md state.
    private static readonly Dictionary<string, string?> BenchmarkSpeed = new()
    {
        ["Export:PollInitialInterval"] = "00:00:00.250",
        ["Export:PollMaxInterval"] = "00:00:01",
        ["Export:ActivityRetryInterval"] = "00:00:00.500",
        ["Export:ClosedHoursJitter"] = "00:00:00",
        ["Export:SettleLag"] = "00:05:00",
    };

    private readonly LocalPipelineHost pipeline;

    private PipelineHost(LocalPipelineHost pipeline, EngineTap tap)
    {
        this.pipeline = pipeline;
        Tap = tap;
    }

    public DurableTaskClient Client => pipeline.Client;

    public Azure.Storage.Blobs.BlobContainerClient Container => pipeline.Container;

    /// <summary>Counts history, activities and timers per instance (see <see cref="EngineTap"/>).</summary>
    public EngineTap Tap { get; }

    /// <summary>Starts the engine with the pipeline's tasks (and any benchmark-only ones) over an already running emulator.</summary>
    public static async Task<PipelineHost> StartAsync(
        AzuriteInstance azurite,
        CloverEmulatorHost emulator,
        IDictionary<string, string?>? overrides = null,
        Action<DurableTaskRegistry>? moreTasks = null)
    {
        var tap = new EngineTap();
        var pipeline = await LocalPipelineHost.StartAsync(emulator, azurite, new LocalPipelineHostOptions
        {
            ContainerPrefix = "bench",
            Settings = Settings(overrides),
            Logging = Quiet,
            EngineLoggerFactory = LoggerFactory.Create(Quiet),
            Tasks = moreTasks,

            // Route the worker's calls through the tap (the worker prefers Channel, so move it to CallInvoker).
            Services = services => services.PostConfigureAll<GrpcDurableTaskWorkerOptions>(options =>
            {
                if (options.Channel is { } channel)
                {
                    options.CallInvoker = channel.Intercept(tap);
                    options.Channel = null;
                }
            }),
        });
        return new PipelineHost(pipeline, tap);
    }

    /// <summary>Settings for status polls every <paramref name="initial"/>, doubling up to <paramref name="max"/>.</summary>
    public static Dictionary<string, string?> Polling(TimeSpan initial, TimeSpan max) => new()
    {
        ["Export:PollInitialInterval"] = initial.ToString("c"),
        ["Export:PollMaxInterval"] = max.ToString("c"),
    };

    /// <summary>Core services without an engine (Clover client, copier, catalog), writing to a fresh container.</summary>
    public static ServiceProvider Services(CloverEmulatorHost emulator, AzuriteInstance azurite, IDictionary<string, string?>? overrides = null)
    {
        var configuration = LocalPipelineHost.BuildConfiguration(emulator, azurite, "bench" + Guid.NewGuid().ToString("N")[..16], Settings(overrides));
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(Quiet);
        services.AddCloverExportPipeline(configuration);
        return services.BuildServiceProvider();
    }

    /// <inheritdoc cref="LocalPipelineHost.RunAsync"/>
    public Task<OrchestrationMetadata> RunAsync(MerchantExportInput input, TimeSpan timeout) => pipeline.RunAsync(input, timeout);

    /// <inheritdoc cref="LocalPipelineHost.WaitAsync"/>
    public Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan timeout) => pipeline.WaitAsync(instanceId, timeout);

    public ValueTask DisposeAsync() => pipeline.DisposeAsync();

    private static IEnumerable<KeyValuePair<string, string?>> Settings(IDictionary<string, string?>? overrides) =>
        [.. BenchmarkSpeed, .. overrides ?? new Dictionary<string, string?>()];

    private static void Quiet(ILoggingBuilder logging) =>
        logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
}

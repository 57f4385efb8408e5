using System.Globalization;
using Azure.Storage.Blobs;
using Grpc.Core.Interceptors;
using CloverExport.Core.Configuration;
using CloverExport.Core.Orchestration;
using CloverExport.Emulator;
using CloverExport.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloverExport.Benchmarks;

/// <summary>
/// The real pipeline as the CLI hosts it: the in-process Durable Task engine, the Clover emulator on
/// real sockets and Azurite, each host with its own container. Also builds plain service providers
/// (no engine) for measurements that call Core classes directly.
/// </summary>
internal sealed class PipelineHost : IAsyncDisposable
{
    private PipelineHost(CloverEmulatorHost emulator, DurableTaskTestHost engine, BlobContainerClient container, EngineTap tap)
    {
        Emulator = emulator;
        Engine = engine;
        Container = container;
        Tap = tap;
    }

    public CloverEmulatorHost Emulator { get; }

    public DurableTaskTestHost Engine { get; }

    public DurableTaskClient Client => Engine.Client;

    public BlobContainerClient Container { get; }

    /// <summary>Counts history, activities and timers per instance (see <see cref="EngineTap"/>).</summary>
    public EngineTap Tap { get; }

    /// <summary>Starts the engine with the pipeline's tasks (and any benchmark-only ones) over an already running emulator.</summary>
    public static async Task<PipelineHost> StartAsync(
        AzuriteInstance azurite,
        CloverEmulatorHost emulator,
        IDictionary<string, string?>? overrides = null,
        Action<DurableTaskRegistry>? moreTasks = null)
    {
        var containerName = NewContainerName();
        var configuration = Configuration(emulator, azurite, containerName, overrides);
        var tap = new EngineTap();
        var engine = await InProcessEngine.StartAsync(
            tasks =>
            {
                tasks.AddCloverExportTasks();
                moreTasks?.Invoke(tasks);
            },
            new DurableTaskTestHostOptions
            {
                LoggerFactory = LoggerFactory.Create(Quiet),
                ConfigureServices = services =>
                {
                    services.AddSingleton(configuration);
                    services.AddLogging(Quiet);
                    services.AddCloverExportPipeline(configuration);

                    // Route the worker's calls through the tap (the worker prefers Channel, so move it to CallInvoker).
                    services.PostConfigureAll<GrpcDurableTaskWorkerOptions>(options =>
                    {
                        if (options.Channel is { } channel)
                        {
                            options.CallInvoker = channel.Intercept(tap);
                            options.Channel = null;
                        }
                    });
                },
            });
        var container = azurite.CreateBlobServiceClient().GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync();
        return new PipelineHost(emulator, engine, container, tap);
    }

    /// <summary>Core services without an engine (Clover client, copier, catalog), writing to a fresh container.</summary>
    public static ServiceProvider Services(CloverEmulatorHost emulator, AzuriteInstance azurite, IDictionary<string, string?>? overrides = null)
    {
        var configuration = Configuration(emulator, azurite, NewContainerName(), overrides);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(Quiet);
        services.AddCloverExportPipeline(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>Runs a merchant export to its end and returns the final state.</summary>
    public async Task<OrchestrationMetadata> RunAsync(MerchantExportInput input, TimeSpan timeout)
    {
        var instanceId = TaskNames.MerchantInstanceId(input.MerchantId);
        await Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, input, new StartOrchestrationOptions { InstanceId = instanceId });
        return await WaitAsync(instanceId, timeout);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var metadata = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        if (metadata.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{instanceId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        }

        return metadata;
    }

    public async ValueTask DisposeAsync() => await Engine.DisposeAsync();

    private static IConfiguration Configuration(CloverEmulatorHost emulator, AzuriteInstance azurite, string container, IDictionary<string, string?>? overrides)
    {
        var settings = LocalPipelineSettings.For(emulator, azurite, container);
        settings["Export:PollInitialInterval"] = "00:00:00.250";
        settings["Export:PollMaxInterval"] = "00:00:01";
        settings["Export:ActivityRetryInterval"] = "00:00:00.500";
        settings["Export:ClosedHoursJitter"] = "00:00:00";
        settings["Export:SettleLag"] = "00:05:00";

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    private static void Quiet(ILoggingBuilder logging) =>
        logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

    private static string NewContainerName() => "bench" + Guid.NewGuid().ToString("N")[..16];
}

using CloverExport.Core.Configuration;
using CloverExport.Core.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloverExport.Testing;

/// <summary>How a <see cref="LocalPipelineHost"/> differs from the plain pipeline.</summary>
public sealed class LocalPipelineHostOptions
{
    /// <summary>Starts the name of the host's own export container.</summary>
    public string ContainerPrefix { get; init; } = "t";

    /// <summary>Set over <see cref="LocalPipelineSettings.For"/> (poll intervals, overrides); a null value removes a setting.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings { get; init; } = [];

    /// <summary>The pipeline's logging (the worker and the pipeline's services).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }

    /// <summary>The engine's own logging; null leaves it to the engine.</summary>
    public ILoggerFactory? EngineLoggerFactory { get; init; }

    /// <summary>Runs after the pipeline is registered: replacements and extra services.</summary>
    public Action<IServiceCollection>? Services { get; init; }

    /// <summary>Orchestrators and activities registered beside the pipeline's.</summary>
    public Action<DurableTaskRegistry>? Tasks { get; init; }
}

/// <summary>
/// The real pipeline as the CLI hosts it: the in-process Durable Task engine with the pipeline's tasks
/// and services, pointed at a running Clover emulator and Azurite, writing to a fresh container of its
/// own. Shared by the pipeline tests, the secret scans and the benchmarks.
/// </summary>
public sealed class LocalPipelineHost : IAsyncDisposable
{
    private LocalPipelineHost(DurableTaskTestHost engine, BlobContainerClient container, IConfiguration configuration)
    {
        Engine = engine;
        Container = container;
        Configuration = configuration;
    }

    public DurableTaskTestHost Engine { get; }

    public DurableTaskClient Client => Engine.Client;

    /// <summary>The export container, created before the engine starts.</summary>
    public BlobContainerClient Container { get; }

    /// <summary>The settings the engine's services were built from (other "processes" can share them).</summary>
    public IConfiguration Configuration { get; }

    public static async Task<LocalPipelineHost> StartAsync(CloverEmulatorHost emulator, AzuriteInstance azurite, LocalPipelineHostOptions? options = null)
    {
        options ??= new LocalPipelineHostOptions();
        var containerName = options.ContainerPrefix + Guid.NewGuid().ToString("N")[..16];
        var configuration = BuildConfiguration(emulator, azurite, containerName, options.Settings);
        var container = azurite.CreateBlobServiceClient().GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync();
        var engine = await InProcessEngine.StartAsync(
            tasks =>
            {
                tasks.AddCloverExportTasks();
                options.Tasks?.Invoke(tasks);
            },
            new DurableTaskTestHostOptions
            {
                LoggerFactory = options.EngineLoggerFactory,
                ConfigureServices = services =>
                {
                    services.AddSingleton(configuration);
                    services.AddLogging(logging => options.Logging?.Invoke(logging));
                    services.AddCloverExportPipeline(configuration);
                    options.Services?.Invoke(services);
                },
            });
        return new LocalPipelineHost(engine, container, configuration);
    }

    /// <summary>The settings <see cref="StartAsync"/> builds its services from, for a pipeline without an engine.</summary>
    public static IConfiguration BuildConfiguration(CloverEmulatorHost emulator, AzuriteInstance azurite, string container, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var all = LocalPipelineSettings.For(emulator, azurite, container);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }

    /// <summary>Starts a merchant run (under its usual instance id unless given one) and waits until it completes.</summary>
    public async Task<OrchestrationMetadata> RunAsync(MerchantExportInput input, TimeSpan timeout, string? instanceId = null)
    {
        instanceId ??= TaskNames.MerchantInstanceId(input.MerchantId);
        await Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, input, new StartOrchestrationOptions { InstanceId = instanceId });
        return await WaitAsync(instanceId, timeout);
    }

    /// <summary>Waits for an instance to end; anything but Completed is an error naming how it ended.</summary>
    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var metadata = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        return metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed
            ? metadata
            : throw new InvalidOperationException($"Run {instanceId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}

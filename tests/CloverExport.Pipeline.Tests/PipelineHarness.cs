using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using CloverExport.Core.Clover;
using CloverExport.Core.Configuration;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using CloverExport.Emulator;
using CloverExport.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloverExport.Pipeline.Tests;

/// <summary>
/// The real pipeline on the in-process Durable Task engine, talking HTTP to a fresh Clover emulator
/// and to Azurite, with test-speed poll intervals. Each harness gets its own container.
/// </summary>
public sealed class PipelineHarness : IAsyncDisposable
{
    private PipelineHarness(CloverEmulatorHost emulator, DurableTaskTestHost engine, BlobContainerClient container, CapturingLoggerProvider logs)
    {
        Emulator = emulator;
        Engine = engine;
        Container = container;
        Logs = logs;
    }

    public CloverEmulatorHost Emulator { get; }

    public DurableTaskTestHost Engine { get; }

    public DurableTaskClient Client => Engine.Client;

    public BlobContainerClient Container { get; }

    public CapturingLoggerProvider Logs { get; }

    /// <summary>The settings the engine's services were built from (other "processes" can share them).</summary>
    public IConfiguration Configuration { get; private init; } = null!;

    // Poll, retry and wait settings in milliseconds: the engine's durable timers run on real time.
    private static readonly Dictionary<string, string?> TestSpeed = new()
    {
        ["Clover:ConcurrencyRetryDelay"] = "00:00:00.300",
        ["Clover:MaxInProcessRetryAfter"] = "00:00:02",
        ["Export:PollInitialInterval"] = "00:00:00.100",
        ["Export:PollMaxInterval"] = "00:00:00.400",
        ["Export:ExportDeadline"] = "00:01:00",
        ["Export:ClosedHoursJitter"] = "00:00:00.200",
        ["Export:ActivityRetryInterval"] = "00:00:00.100",
        ["Export:SettleLag"] = "00:05:00",
    };

    public static async Task<PipelineHarness> StartAsync(
        AzuriteInstance azurite,
        EmulatorOptions emulatorOptions,
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var emulator = await CloverEmulatorHost.StartAsync(emulatorOptions);
        var containerName = "t" + Guid.NewGuid().ToString("N")[..20];
        var settings = LocalPipelineSettings.For(emulator, azurite, containerName);
        foreach (var (key, value) in TestSpeed)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturingLoggerProvider();
        var engine = await InProcessEngine.StartAsync(
            tasks => tasks.AddCloverExportTasks(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
                    services.AddCloverExportPipeline(configuration);
                    configureServices?.Invoke(services);
                },
            });
        var container = azurite.CreateBlobServiceClient().GetBlobContainerClient(containerName);
        await container.CreateIfNotExistsAsync();
        return new PipelineHarness(emulator, engine, container, logs) { Configuration = configuration };
    }

    /// <summary>Runs a merchant export to completion and returns its result.</summary>
    public async Task<(MerchantExportResult Result, string InstanceId)> RunAsync(MerchantExportInput input, TimeSpan? timeout = null)
    {
        var instanceId = TaskNames.MerchantInstanceId(input.MerchantId) + "-" + Guid.NewGuid().ToString("N")[..6];
        await Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, input, new StartOrchestrationOptions { InstanceId = instanceId });
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(4));
        var metadata = await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
        Assert.True(metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            $"Run {instanceId} ended {metadata.RuntimeStatus}: {metadata.FailureDetails?.ErrorMessage}");
        return (metadata.ReadOutputAs<MerchantExportResult>()!, instanceId);
    }

    /// <summary>Every object id stored for a merchant and type, read from the files each window's current manifest lists (duplicates kept).</summary>
    public async Task<List<string>> StoredIdsAsync(string merchantId, ExportType type, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        var ids = new List<string>();
        var manifests = new List<(string Name, ExportWindow Window)>();
        await foreach (var item in Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = BlobLayout.TypePrefix(merchantId, type) }))
        {
            if (BlobLayout.TryParseManifestName(item.Name, type, out var snapshot))
            {
                manifests.Add((item.Name, snapshot));
            }
        }

        var current = manifests.GroupBy(m => (m.Window.Start, m.Window.End)).Select(g => g.MaxBy(m => m.Window.Revision));
        foreach (var item in current)
        {
            var window = item.Window;
            if ((from is { } f && window.End < f) || (to is { } t && window.Start > t))
            {
                continue;
            }

            var manifest = JsonDocument.Parse((await Container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToString());
            var folder = item.Name[..(item.Name.LastIndexOf('/') + 1)];
            var objectsInManifest = manifest.RootElement.GetProperty("objectCount").GetInt64();
            var fileIds = new List<string>();
            foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
            {
                var download = (await Container.GetBlobClient(folder + file.GetProperty("name").GetString()).DownloadContentAsync()).Value;
                using var doc = JsonDocument.Parse(Decode(download));
                var inFile = doc.RootElement.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
                Assert.Equal(file.GetProperty("objects").GetInt64(), inFile.Count);
                fileIds.AddRange(inFile);
            }

            Assert.Equal(objectsInManifest, fileIds.Count);
            ids.AddRange(fileIds);
        }

        return ids;
    }

    /// <summary>Asserts that storage holds exactly the emulator's ground truth for the range: every id once.</summary>
    public async Task AssertExactlyOnceAsync(string merchantId, ExportType type, DateTimeOffset from, DateTimeOffset to)
    {
        var stored = await StoredIdsAsync(merchantId, type);
        var duplicates = stored.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, $"{duplicates.Count} ids stored more than once, e.g. {string.Join(", ", duplicates.Take(3))}");
        var truth = Emulator.GroundTruth(merchantId, type.ToWireName(), from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        Assert.NotEmpty(truth);
        var missing = truth.Except(stored).ToList();
        var extra = stored.Except(truth).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"{type}: {missing.Count} missing (e.g. {string.Join(", ", missing.Take(3))}), {extra.Count} unexpected (e.g. {string.Join(", ", extra.Take(3))})");
    }

    /// <summary>Every manifest in the container lists files that exist with the recorded sizes.</summary>
    public async Task AssertManifestsMatchFilesAsync()
    {
        await foreach (var item in Container.GetBlobsAsync())
        {
            if (!item.Name.EndsWith("/" + BlobLayout.ManifestFileName, StringComparison.Ordinal))
            {
                continue;
            }

            var folder = item.Name[..(item.Name.LastIndexOf('/') + 1)];
            using var manifest = JsonDocument.Parse((await Container.GetBlobClient(item.Name).DownloadContentAsync()).Value.Content.ToMemory());
            foreach (var file in manifest.RootElement.GetProperty("files").EnumerateArray())
            {
                var properties = await Container.GetBlobClient(folder + file.GetProperty("name").GetString()).GetPropertiesAsync();
                Assert.Equal(file.GetProperty("storedBytes").GetInt64(), properties.Value.ContentLength);
                Assert.Equal(file.GetProperty("sha256").GetString(), properties.Value.Metadata["sha256"]);
            }
        }
    }

    /// <summary>The JSON of a stored part: gunzipped when it was stored with Content-Encoding gzip.</summary>
    public static ReadOnlyMemory<byte> Decode(Azure.Storage.Blobs.Models.BlobDownloadResult download)
    {
        if (download.Details.ContentEncoding != "gzip")
        {
            return download.Content.ToMemory();
        }

        using var gzip = new System.IO.Compression.GZipStream(download.Content.ToStream(), System.IO.Compression.CompressionMode.Decompress);
        using var json = new MemoryStream();
        gzip.CopyTo(json);
        return json.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}

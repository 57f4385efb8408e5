using System.Globalization;
using System.Text;
using CloverExport.Core.Clover;
using CloverExport.Core.Configuration;
using CloverExport.Core.Orchestration;
using CloverExport.Emulator;
using CloverExport.Functions.Configuration;
using CloverExport.Testing;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using AiJson = Microsoft.ApplicationInsights.Extensibility.Implementation.JsonSerializer;

namespace CloverExport.Functions.Tests;

/// <summary>
/// Issue 13: a real run (the pipeline on the in-process engine against the emulator and Azurite) with
/// the Functions app's own telemetry registration and an in-memory channel. Everything the run leaves
/// behind — the serialized telemetry payload the SDK would send, every log line, every instance's
/// input, output and custom status, and blob metadata — holds no token and no signed link's query.
/// </summary>
public sealed class TelemetrySecretScanTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string MerchantId = "TELEMETRYSCN1";
    private const string Token = "tok-7d2e9b41-telemetry-scan-token";
    private static readonly DateTimeOffset From = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2023, 2, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_real_run_leaves_no_token_and_no_signed_link_query_in_telemetry_logs_history_or_metadata()
    {
        await using var emulator = await CloverEmulatorHost.StartAsync(new EmulatorOptions
        {
            Merchants = [new EmulatorMerchantOptions { Id = MerchantId, Token = Token, Region = "sandbox", DataStart = DateOnly.FromDateTime(From.UtcDateTime), DataEnd = DateOnly.FromDateTime(To.UtcDateTime), OrdersPerDay = 40, Seed = 11 }],
            ProcessingBase = TimeSpan.FromMilliseconds(50),
            ProcessingPerThousand = TimeSpan.FromMilliseconds(10),
            EnforceHours = false,
        });
        var container = "tel" + Guid.NewGuid().ToString("N")[..20];
        // The emulator merchant's backfill starts at its data start (From): the shared mapping says so.
        var settings = LocalPipelineSettings.For(emulator, azurite.Azurite, container);
        settings["Export:PollInitialInterval"] = "00:00:00.100";
        settings["Export:PollMaxInterval"] = "00:00:00.300";
        settings["Export:ActivityRetryInterval"] = "00:00:00.100";
        settings["Export:SettleLag"] = "00:05:00";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var channel = new CapturingTelemetryChannel();
        var logs = new CapturingLoggerProvider();
        await using var engine = await InProcessEngine.StartAsync(
            tasks => tasks.AddCloverExportTasks(),
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services =>
                {
                    services.AddSingleton<IConfiguration>(configuration);
                    services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
                    // The channel the SDK would send through, and a key so that items are not dropped before it.
                    services.AddSingleton<ITelemetryChannel>(channel);
                    services.Configure<ApplicationInsightsServiceOptions>(o => o.ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/");
                    services.AddCloverExportTelemetry();
                    services.AddCloverExportPipeline(configuration);
                },
            });
        // As in the worker: the client (and with it the dependency tracking module) exists from start-up.
        var telemetry = engine.Services.GetRequiredService<TelemetryClient>();

        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            TaskNames.MerchantExport, new MerchantExportInput(MerchantId, ExportTypes.All, From, To));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var finished = await engine.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        telemetry.Flush();

        var items = channel.Items.ToList();
        var fileCalls = items.OfType<DependencyTelemetry>().Where(d => d.Target?.Contains(emulator.FileBaseUrl.Authority, StringComparison.Ordinal) == true).ToList();
        // Tracking was live: every file download is an item (else the scan below would prove nothing).
        Assert.True(fileCalls.Count >= 2, $"expected file downloads among {items.Count} telemetry items");
        Assert.All(fileCalls, d => Assert.DoesNotContain("?", d.Data, StringComparison.Ordinal));
        Assert.True(emulator.Counters.ExportsCreated >= 2);

        var seen = new List<string?> { Encoding.UTF8.GetString(AiJson.Serialize(items, compress: false)) };
        seen.AddRange(logs.Lines);
        await foreach (var instance in engine.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            seen.AddRange([instance.SerializedInput, instance.SerializedOutput, instance.SerializedCustomStatus, instance.FailureDetails?.ErrorMessage]);
        }

        var blobs = azurite.Azurite.CreateBlobServiceClient().GetBlobContainerClient(container);
        await foreach (var blob in blobs.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata }))
        {
            seen.AddRange(blob.Metadata.Select(m => $"{m.Key}={m.Value}"));
        }

        Assert.DoesNotContain(seen, text => text?.Contains(Token, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(seen, text => text?.Contains("sig=", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(seen, text => text?.Contains("expires=", StringComparison.Ordinal) == true);
    }
}

using System.Text;
using CloverExport.Emulator;
using CloverExport.Functions.Configuration;
using Microsoft.ApplicationInsights;
using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.WorkerService;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
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
        var channel = new CapturingTelemetryChannel();
        var logs = new FakeLoggerProvider();
        await using var pipeline = await LocalPipelineHost.StartAsync(emulator, azurite.Azurite, new LocalPipelineHostOptions
        {
            // The emulator merchant's backfill starts at its data start (From): the shared mapping says so.
            Settings = LocalPipelineSettings.TestSpeed,
            Logging = logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace),
            Services = services =>
            {
                // The channel the SDK would send through, and a key so that items are not dropped before it.
                services.AddSingleton<ITelemetryChannel>(channel);
                services.Configure<ApplicationInsightsServiceOptions>(o => o.ConnectionString = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/");
                services.AddCloverExportTelemetry();
            },
        });
        // As in the worker: the client (and with it the dependency tracking module) exists from start-up.
        var telemetry = pipeline.Engine.Services.GetRequiredService<TelemetryClient>();

        var instanceId = await pipeline.Client.ScheduleNewOrchestrationInstanceAsync(
            TaskNames.MerchantExport, new MerchantExportInput(MerchantId, ExportTypes.All, From, To));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var finished = await pipeline.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        telemetry.Flush();

        var items = channel.Items.ToList();
        var fileCalls = items.OfType<DependencyTelemetry>().Where(d => d.Target?.Contains(emulator.FileBaseUrl.Authority, StringComparison.Ordinal) == true).ToList();
        // Tracking was live: every file download is an item (else the scan below would prove nothing).
        Assert.True(fileCalls.Count >= 2, $"expected file downloads among {items.Count} telemetry items");
        Assert.All(fileCalls, d => Assert.DoesNotContain("?", d.Data, StringComparison.Ordinal));
        Assert.True(emulator.Counters.ExportsCreated >= 2);

        var seen = new List<string?> { Encoding.UTF8.GetString(AiJson.Serialize(items, compress: false)) };
        seen.AddRange(logs.Lines());
        await foreach (var instance in pipeline.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            seen.AddRange([instance.SerializedInput, instance.SerializedOutput, instance.SerializedCustomStatus, instance.FailureDetails?.ErrorMessage]);
        }

        await foreach (var blob in pipeline.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata }))
        {
            seen.AddRange(blob.Metadata.Select(m => $"{m.Key}={m.Value}"));
        }

        // The failure shows where a secret was found: a leak on a rare path (a retry, a timeout) must be traceable from one failed run.
        string[] secrets = [Token, "sig=", "expires="];
        var leaks = seen.Where(text => text is not null && secrets.Any(secret => text.Contains(secret, StringComparison.Ordinal))).ToList();
        Assert.True(leaks.Count == 0, "a secret was found in: " + string.Join("\n---\n", leaks));
    }
}

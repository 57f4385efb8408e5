using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CloverExport.Cli.Demo;
using CloverExport.Cli.Engine;
using CloverExport.Cli.Verification;
using CloverExport.Core.Storage;
using CloverExport.Emulator;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Cli.Commands;

/// <summary>
/// <c>demo</c>: Azurite and the emulator on free ports, faults injected, the scheduled export (the
/// same path as <c>run</c>) with live progress, then <c>verify</c> against the emulator's ground truth.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var merchants = new Option<int>("--merchants") { Description = "Emulated merchants (1-9).", DefaultValueFactory = _ => DemoSize.Default.Merchants };
        var months = new Option<int>("--months") { Description = "Months of data per merchant, ±1 (1-36).", DefaultValueFactory = _ => DemoSize.Default.Months };
        var ordersPerDay = new Option<int>("--orders-per-day") { Description = "Orders per day per merchant (1-500).", DefaultValueFactory = _ => DemoSize.Default.OrdersPerDay };
        var noFaults = new Option<bool>("--no-faults") { Description = "Do not inject closed hours, concurrency 503s and a 429." };
        var keep = new Option<bool>("--keep-running") { Description = "Keep Azurite and the emulator running after the demo, until Ctrl+C, to browse the files." };
        var command = new Command("demo", "One-command demo: Azurite + Clover emulator, scheduled export with live progress, verification against the ground truth.")
        {
            merchants, months, ordersPerDay, noFaults, keep,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var size = new DemoSize(
                InRange(parse.GetValue(merchants), 1, 9, "--merchants"),
                InRange(parse.GetValue(months), 1, 36, "--months"),
                InRange(parse.GetValue(ordersPerDay), 1, 500, "--orders-per-day"));
            var options = new DemoOptions(size, !parse.GetValue(noFaults), parse.GetValue(keep), context.IsVerbose(parse));
            return await RunAsync(context, parse, context.ConsoleFor(parse), options, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, ParseResult parse, CliConsole console, DemoOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var dataSet = DemoDataSet.Create(options.Size, DateOnly.FromDateTime(DateTime.UtcNow));
        console.Out.WriteLine("Starting Azurite (in memory) ...");
        await using var azurite = await AzuriteLauncher.StartAsync(cancellationToken);
        console.Out.WriteLine($"  blob endpoint {azurite.BlobEndpoint}");
        await using var emulator = await CloverEmulatorHost.StartAsync(dataSet.EmulatorOptions(), cancellationToken);
        console.Out.WriteLine($"Clover emulator: API {emulator.ApiBaseUrl}, files {emulator.FileBaseUrl}");
        PrepareEmulator(console, emulator, dataSet, options.Faults);

        var configuration = context.Configuration(parse, dataSet.PipelineSettings(emulator.ApiBaseUrl, azurite.ConnectionString));
        console.Out.WriteLine("Running the scheduled export for every merchant ...");
        var run = await ExportRun.RunAsync(console, configuration, options.Verbose, RunCommand.PlanAsync, cancellationToken);
        if (run.Cancelled)
        {
            return ExportRun.ExitCode(console, run);
        }

        console.Out.WriteLine($"Verifying the container against the emulator's ground truth ({emulator.ApiBaseUrl}_emulator/ground-truth) ...");
        var report = await VerifyCommand.RunAsync(configuration, emulator.ApiBaseUrl, merchantId: null, cancellationToken);
        VerifyView.Write(console.Out, report);

        var container = configuration["Storage:Container"] ?? new StorageOptions().Container;
        console.Out.WriteLine($"Files: container '{container}' at {azurite.BlobEndpoint}/{container}");
        if (await ExampleBlobAsync(configuration, cancellationToken) is { } example)
        {
            console.Out.WriteLine($"  e.g. {azurite.BlobEndpoint}/{container}/{example}");
        }

        console.Out.WriteLine(ExportRun.CompletenessReminder);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Demo finished in {clock.Elapsed.TotalSeconds:0.0} s."));
        var exitCode = !run.AllSucceeded ? ExportRun.ExitCode(console, run) : VerifyCommand.ExitCode(console, report);

        if (options.KeepRunning && !cancellationToken.IsCancellationRequested)
        {
            console.Out.WriteLine($"Azurite ({azurite.BlobEndpoint}, Azurite's well-known devstoreaccount1 key) and the emulator keep running; press Ctrl+C to stop them.");
            await WaitForCancellationAsync(cancellationToken);
        }

        console.Out.WriteLine("Stopping Azurite and the emulator (the in-memory files go with them).");
        return exitCode;
    }

    /// <summary>Says what data the emulator serves and, unless the demo runs without faults, injects the data set's faults.</summary>
    private static void PrepareEmulator(CliConsole console, CloverEmulatorHost emulator, DemoDataSet dataSet, bool injectFaults)
    {
        foreach (var m in dataSet.Merchants)
        {
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  merchant {m.Id} ({m.Region}) data {m.DataStart:yyyy-MM-dd}..{m.DataEnd:yyyy-MM-dd}, ~{m.OrdersPerDay} orders/day"));
        }

        if (!injectFaults)
        {
            return;
        }

        foreach (var fault in dataSet.Faults())
        {
            emulator.AddFault(fault);
            console.Out.WriteLine($"  fault injected: {Describe(fault)}");
        }
    }

    private static async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<string?> ExampleBlobAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        await foreach (var item in StorageClients.Container(configuration).GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (item.Name.EndsWith(".json", StringComparison.Ordinal) && item.Name.Contains("/part-", StringComparison.Ordinal))
            {
                return item.Name;
            }
        }

        return null;
    }

    private static string Describe(EmulatorFault fault) => fault.Kind switch
    {
        EmulatorFaultKind.ClosedHours => $"{fault.MerchantId}: closed hours for {fault.DurationSeconds} s (503 with nextAvailableTime)",
        EmulatorFaultKind.ConcurrencyLimit => $"{fault.MerchantId}: {fault.Count} concurrency 503s on create",
        EmulatorFaultKind.RateLimit => $"{fault.MerchantId}: a 429 with Retry-After {fault.RetryAfterSeconds} s",
        _ => $"{fault.MerchantId}: {fault.Kind}",
    };

    private static int InRange(int value, int min, int max, string name) =>
        value >= min && value <= max ? value : throw new CliException($"{name} must be between {min} and {max}.");

    private sealed record DemoOptions(DemoSize Size, bool Faults, bool KeepRunning, bool Verbose);
}

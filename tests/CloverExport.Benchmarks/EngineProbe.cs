using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace CloverExport.Benchmarks;

/// <summary>How the copy of one scenario went with each design.</summary>
internal sealed record CopyDesignResult(int Windows, int FilesPerWindow, double PerFileSeconds, double PerWindowSeconds);

/// <summary>What one probe process measured under its DOTNET_PROCESSOR_COUNT.</summary>
internal sealed record EngineProbeResult(
    int ProcessorCount,
    double ActivityChainMs,
    double ActivityFanOutMs,
    double TimerMs,
    IReadOnlyList<CopyDesignResult> Copies);

/// <summary>
/// Runs in a child process (<c>--engine-probe</c>) so that each measurement sees the processor count
/// the engine sizes its dispatchers from; prints one <c>RESULT {json}</c> line.
/// </summary>
internal static class EngineProbe
{
    public const string ResultPrefix = "RESULT ";
    private const string MerchantId = "BENCHENGINE01";
    private const int ObjectsPerFile = 100;
    private static readonly DateTimeOffset DataStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(bool quick)
    {
        var chain = quick ? 20 : 100;
        await using var azurite = await AzuriteInstance.StartAsync();
        await using var emulator = await CloverEmulatorHost.StartAsync(new EmulatorOptions
        {
            Merchants = [BenchMerchants.Sandbox(MerchantId, DataStart, DataStart.AddDays(199), ordersPerDay: 80)],
            ProcessingBase = TimeSpan.FromMilliseconds(50),
            ProcessingPerThousand = TimeSpan.Zero,
            EnforceHours = false,
            ObjectsPerFile = ObjectsPerFile,
            FilePaddingBytes = 2000,
            MaxConcurrentExportsPerMerchant = 10,
            RateLimitPerSecond = 0,
            RateLimitConcurrent = 0,
        });
        var unlimited = new Dictionary<string, string?> { ["Clover:MaxRequestsPerSecond"] = "1000", ["Clover:MaxConcurrentRequests"] = "64" };
        await using var host = await PipelineHost.StartAsync(azurite, emulator, unlimited, BenchTasks.Register);
        await using var services = PipelineHost.Services(emulator, azurite, unlimited);
        var clover = services.GetRequiredService<ICloverExportClient>();

        // Warm-up (JIT, connections), not measured; the copy designs are warmed up below.
        await TimeAsync(host, nameof(BenchActivityChain), 5);
        await TimeAsync(host, nameof(BenchTimerChain), 5);

        var activityChain = await TimeAsync(host, nameof(BenchActivityChain), chain);
        var fanOut = await TimeAsync(host, nameof(BenchActivityFanOut), chain);
        var timers = await TimeAsync(host, nameof(BenchTimerChain), chain / 2);

        var copies = new List<CopyDesignResult>();
        var windowCounts = quick ? new[] { 1 } : [1, 4];
        var allWindows = Enumerable.Range(0, windowCounts.Max())
            .Select(i => TimeBlocks.StartOf(DataStart.AddDays(45 + (30 * i))))
            .Select(start => new ExportWindow(ExportType.Orders, start, start.Add(TimeBlocks.Length).AddMilliseconds(-1)))
            .ToList();
        await CopyAsync(host, clover, nameof(BenchPerFileCopy), allWindows[..1]);
        await CopyAsync(host, clover, nameof(BenchPerWindowCopy), allWindows[..1]);
        foreach (var windows in windowCounts)
        {
            var (perFile, files) = await CopyAsync(host, clover, nameof(BenchPerFileCopy), allWindows[..windows]);
            var (perWindow, _) = await CopyAsync(host, clover, nameof(BenchPerWindowCopy), allWindows[..windows]);
            copies.Add(new CopyDesignResult(windows, files / windows, perFile.TotalSeconds, perWindow.TotalSeconds));
        }

        var result = new EngineProbeResult(Environment.ProcessorCount, activityChain.TotalMilliseconds / chain, fanOut.TotalMilliseconds / chain,
            timers.TotalMilliseconds / (chain / 2), copies);
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
    }

    private static async Task<TimeSpan> TimeAsync(PipelineHost host, string orchestrator, int count)
    {
        var clock = Stopwatch.StartNew();
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, count);
        await host.WaitAsync(id, TimeSpan.FromMinutes(10));
        return clock.Elapsed;
    }

    /// <summary>Fresh exports (so nothing is skipped as already stored), then all windows copied at once with one design.</summary>
    private static async Task<(TimeSpan Elapsed, int Files)> CopyAsync(PipelineHost host, ICloverExportClient clover, string orchestrator, List<ExportWindow> windows)
    {
        var jobs = await Task.WhenAll(windows.Select(w =>
            CloverPolling.ExportAsync(clover, MerchantId, w, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), CancellationToken.None)));
        var clock = Stopwatch.StartNew();
        var ids = new List<string>();
        for (var i = 0; i < windows.Count; i++)
        {
            var request = new CopyFilesRequest(MerchantId, windows[i], jobs[i].Id, jobs[i].FileUrls.Count, new ExportOptions().MaxParallelFileCopies);
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, request));
        }

        foreach (var id in ids)
        {
            await host.WaitAsync(id, TimeSpan.FromMinutes(10));
        }

        return (clock.Elapsed, jobs.Sum(j => j.FileUrls.Count));
    }
}

using System.Text.Json;

namespace CloverExport.Benchmarks;

/// <summary>
/// Benchmark 4: the embedded engine's cost per activity and per durable timer, and per-file activities
/// vs. one batched copy activity per window, each measured in a child process with
/// DOTNET_PROCESSOR_COUNT = 2 (this machine) and 16 (what the tests and bench.sh set).
/// </summary>
internal sealed class EngineBenchmark(bool quick)
{
    private static readonly int[] ProcessorCounts = [2, 16];

    public async Task<ReportSection> RunAsync()
    {
        var results = new List<EngineProbeResult>();
        foreach (var count in ProcessorCounts)
        {
            Console.Error.WriteLine($"engine: probe with DOTNET_PROCESSOR_COUNT={count}");
            results.Add(await RunProbeAsync(count));
        }

        var chain = quick ? 20 : 100;
        var section = new ReportSection("4. Embedded engine overhead (Microsoft.DurableTask.InProcessTestHost)")
            .Paragraph($"Each column is a separate process started with `DOTNET_PROCESSOR_COUNT` set; the engine sizes its orchestration " +
                "and activity dispatchers from `Environment.ProcessorCount` and sleeps 500 ms when they are full. " +
                $"Chain = {chain} no-op activities one after another; fan-out = {chain} no-op activities scheduled at once; " +
                $"timers = {chain / 2} durable timers of {BenchTimerChain.Delay.TotalMilliseconds:0} ms one after another. Figures are wall time divided by the count " +
                "(from scheduling the orchestration to its completion, so one orchestration start is spread over them).")
            .Table(["measure", .. results.Select(r => $"ProcessorCount {r.ProcessorCount}")],
            [
                ["activity, sequential", .. results.Select(r => Fmt.Ms(r.ActivityChainMs))],
                ["activity, fan-out (per activity)", .. results.Select(r => Fmt.Ms(r.ActivityFanOutMs))],
                [$"durable timer of {BenchTimerChain.Delay.TotalMilliseconds:0} ms, sequential", .. results.Select(r => Fmt.Ms(r.TimerMs))],
                ["durable timer: cost beyond its delay", .. results.Select(r => Fmt.Ms(r.TimerMs - BenchTimerChain.Delay.TotalMilliseconds))],
            ]);

        var copyRows = new List<IReadOnlyList<string>>();
        for (var i = 0; i < results[0].Copies.Count; i++)
        {
            foreach (var result in results)
            {
                var copy = result.Copies[i];
                copyRows.Add([
                    $"{copy.Windows} window(s) × {copy.FilesPerWindow} files",
                    result.ProcessorCount.ToString(CultureInfo.InvariantCulture),
                    Fmt.Seconds(TimeSpan.FromSeconds(copy.PerFileSeconds)),
                    Fmt.Seconds(TimeSpan.FromSeconds(copy.PerWindowSeconds)),
                    Fmt.Ratio(copy.PerFileSeconds / copy.PerWindowSeconds) + "×",
                ]);
            }
        }

        return section
            .Paragraph("Copying a finished export's files (about 250 KB each, emulator → Azurite, the real `ExportFileCopier`): " +
                "**per file** = one activity per file, all scheduled at once (`Task.WhenAll`); **per window** = the pipeline's " +
                "`CopyExportFilesActivity`, one activity copying the window's files 4 at a time (`Export:MaxParallelFileCopies`). " +
                "Several windows = that many orchestrations started together (merchants copying at the same time).")
            .Table(["scenario", "ProcessorCount", "per-file activities", "per-window activity", "per-file / per-window"], copyRows);
    }

    private async Task<EngineProbeResult> RunProbeAsync(int processorCount)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path to start the probe from.");
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(EngineBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add("--engine-probe");
        start.ArgumentList.Add("--no-write");
        if (quick)
        {
            start.ArgumentList.Add("--quick");
        }

        start.Environment["DOTNET_PROCESSOR_COUNT"] = processorCount.ToString(CultureInfo.InvariantCulture);
        using var probe = Process.Start(start) ?? throw new InvalidOperationException("Could not start the engine probe.");
        string? result = null;
        while (await probe.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(EngineProbe.ResultPrefix, StringComparison.Ordinal))
            {
                result = line[EngineProbe.ResultPrefix.Length..];
            }
            else
            {
                Console.Error.WriteLine("  probe: " + line);
            }
        }

        await probe.WaitForExitAsync();
        if (probe.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"The engine probe (ProcessorCount {processorCount}) exited with {probe.ExitCode} and no result.");
        }

        var parsed = JsonSerializer.Deserialize<EngineProbeResult>(result)!;
        return parsed.ProcessorCount == processorCount
            ? parsed
            : throw new InvalidOperationException($"The probe saw ProcessorCount {parsed.ProcessorCount}, not {processorCount}.");
    }
}

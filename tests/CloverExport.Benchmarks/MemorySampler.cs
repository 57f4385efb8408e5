namespace CloverExport.Benchmarks;

/// <summary>Memory growth of this process during one measurement.</summary>
/// <param name="WorkingSetGrowth">Peak resident set minus the resident set at the start (bytes).</param>
/// <param name="ManagedHeapGrowth">Peak GC heap size minus the heap at the start (bytes), sampled.</param>
/// <param name="Allocated">Bytes allocated on the managed heap during the measurement.</param>
internal sealed record MemoryPeak(long WorkingSetGrowth, long ManagedHeapGrowth, long Allocated, long PeakWorkingSet);

/// <summary>
/// Samples the working set and the GC heap on a timer while something runs. On Linux the kernel's own
/// peak (VmHWM) is reset at the start through /proc/self/clear_refs, so short spikes between samples
/// are not missed.
/// </summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly long startWorkingSet;
    private readonly long startHeap;
    private readonly long startAllocated;
    private readonly bool kernelPeak;
    private readonly Task loop;
    private long peakWorkingSet;
    private long peakHeap;

    private MemorySampler(TimeSpan interval)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        kernelPeak = TryResetKernelPeak();
        startWorkingSet = Environment.WorkingSet;
        startHeap = GC.GetTotalMemory(false);
        startAllocated = GC.GetTotalAllocatedBytes(precise: true);
        peakWorkingSet = startWorkingSet;
        peakHeap = startHeap;
        loop = Task.Run(() => SampleAsync(interval));
    }

    public static MemorySampler Start(TimeSpan? interval = null) => new(interval ?? TimeSpan.FromMilliseconds(10));

    public async Task<MemoryPeak> StopAsync()
    {
        await stop.CancelAsync();
        await loop;
        Sample();
        var peak = kernelPeak && ReadKernelPeak() is { } hwm ? Math.Max(hwm, peakWorkingSet) : peakWorkingSet;
        return new MemoryPeak(Math.Max(0, peak - startWorkingSet), Math.Max(0, peakHeap - startHeap),
            GC.GetTotalAllocatedBytes(precise: true) - startAllocated, peak);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stop.IsCancellationRequested)
        {
            await stop.CancelAsync();
            await loop;
        }

        stop.Dispose();
    }

    private async Task SampleAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        peakWorkingSet = Math.Max(peakWorkingSet, Environment.WorkingSet);
        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
    }

    private static bool TryResetKernelPeak()
    {
        try
        {
            // "5" resets the peak resident set size (VmHWM) to the current one.
            File.WriteAllText("/proc/self/clear_refs", "5");
            return ReadKernelPeak() is not null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long? ReadKernelPeak()
    {
        if (!File.Exists("/proc/self/status"))
        {
            return null;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}

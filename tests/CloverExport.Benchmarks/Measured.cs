namespace CloverExport.Benchmarks;

/// <summary>One timed run: how long, how many bytes moved, how memory grew.</summary>
internal sealed record Measured(TimeSpan Elapsed, long Bytes, MemoryPeak Memory)
{
    public static async Task<Measured> RunAsync(Func<Task<long>> body)
    {
        await using var sampler = MemorySampler.Start();
        var clock = Stopwatch.StartNew();
        var bytes = await body();
        var elapsed = clock.Elapsed;
        return new Measured(elapsed, bytes, await sampler.StopAsync());
    }

    /// <summary>The fastest of <paramref name="runs"/> runs, with the largest memory growth seen in any of them.</summary>
    public static async Task<Measured> BestOfAsync(int runs, Func<Task> before, Func<Task<long>> body)
    {
        Measured? best = null;
        var worstMemory = new MemoryPeak(0, 0, 0, 0);
        for (var i = 0; i < runs; i++)
        {
            await before();
            var run = await RunAsync(body);
            best = best is null || run.Elapsed < best.Elapsed ? run : best;
            worstMemory = run.Memory.WorkingSetGrowth > worstMemory.WorkingSetGrowth ? run.Memory : worstMemory;
        }

        return best! with { Memory = worstMemory };
    }
}

namespace CloverExport.Core.Orchestration;

/// <summary>
/// When to look at an export again. The interval doubles up to a cap, but when Clover's
/// <c>percentComplete</c> says the export will finish sooner, the poll is moved to that moment, so a
/// finished export is seen within a fraction of an interval instead of up to a whole one.
/// </summary>
public static class PollSchedule
{
    /// <param name="elapsed">Time since the export was created.</param>
    /// <param name="percentComplete">Clover's last percent (0–100).</param>
    /// <param name="interval">The current backoff interval.</param>
    /// <param name="minimum">The shortest wait allowed (keeps a stalled estimate from hammering Clover).</param>
    public static TimeSpan NextDelay(TimeSpan elapsed, int percentComplete, TimeSpan interval, TimeSpan minimum)
    {
        if (percentComplete is <= 0 or >= 100 || elapsed <= TimeSpan.Zero)
        {
            return interval;
        }

        // Linear estimate of what is left; a little late is cheaper than a poll too early.
        var remaining = TimeSpan.FromTicks(elapsed.Ticks / percentComplete * (100 - percentComplete));
        var estimate = remaining + TimeSpan.FromTicks(minimum.Ticks / 2);
        return estimate < minimum ? minimum : estimate < interval ? estimate : interval;
    }
}

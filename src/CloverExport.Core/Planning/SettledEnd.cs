namespace CloverExport.Core.Planning;

/// <summary>
/// The newest instant a run may cover: now minus the settle lag, aligned down to a boundary of
/// <c>Export:RunEndAlignment</c> (a UTC day by default) and made inclusive. Aligning means a re-run
/// shortly after another plans nothing new instead of a window of the minutes in between, and every
/// incremental window covers whole days, which is also what revisits re-export.
/// </summary>
public static class SettledEnd
{
    /// <summary>The last millisecond (inclusive) that is settled at <paramref name="now"/>.</summary>
    public static DateTimeOffset At(DateTimeOffset now, TimeSpan settleLag, TimeSpan alignment)
    {
        var settledMs = (now - settleLag).ToUnixTimeMilliseconds();
        var stepMs = (long)alignment.TotalMilliseconds;
        var alignedMs = settledMs - (((settledMs % stepMs) + stepMs) % stepMs);
        return DateTimeOffset.FromUnixTimeMilliseconds(alignedMs - 1);
    }
}

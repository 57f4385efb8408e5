namespace CloverExport.Core.Planning;

/// <summary>
/// Fixed 30-day blocks anchored at the Unix epoch: the same instant always falls in the same block,
/// whoever plans it and whenever. Each block is one Clover export at most (the API's 30-day limit).
/// </summary>
public static class TimeBlocks
{
    public static readonly TimeSpan Length = TimeSpan.FromDays(30);

    private static readonly long LengthMs = (long)Length.TotalMilliseconds;

    /// <summary>First millisecond of the block containing <paramref name="instant"/>.</summary>
    public static DateTimeOffset StartOf(DateTimeOffset instant)
    {
        var ms = instant.ToUnixTimeMilliseconds();
        return DateTimeOffset.FromUnixTimeMilliseconds(FloorDivide(ms, LengthMs) * LengthMs);
    }

    /// <summary>Last millisecond (inclusive) of the block containing <paramref name="instant"/>.</summary>
    public static DateTimeOffset EndOf(DateTimeOffset instant) => StartOf(instant).Add(Length).AddMilliseconds(-1);

    // Integer division that rounds toward negative infinity, so instants before 1970 still map to their block.
    private static long FloorDivide(long value, long divisor)
    {
        var quotient = value / divisor;
        return value % divisor != 0 && value < 0 ? quotient - 1 : quotient;
    }
}

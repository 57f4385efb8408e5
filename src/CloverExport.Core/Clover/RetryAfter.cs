namespace CloverExport.Core.Clover;

/// <summary>Reads a 429's Retry-After (seconds or HTTP date).</summary>
internal static class RetryAfter
{
    /// <summary>Used when Clover sends a 429 without Retry-After (its docs say it always sends one).</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(1);

    public static TimeSpan Get(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - now : Default);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }
}

using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Clover;

/// <summary>
/// Client-side limits per merchant (Clover counts 16 requests/s and 5 concurrent per token, and every
/// merchant has its own token): a concurrency limiter chained with a sliding window, both queueing.
/// The window is 1.1 s in 100 ms segments, so a permit is reused no sooner than 1 s after it was
/// spent: at most N requests in any second, whether Clover counts with a sliding log or a token bucket.
/// After a 429 the merchant is paused until Retry-After has passed, because Clover lengthens the
/// wait for every request made during it.
/// </summary>
internal sealed class CloverRequestLimiter : IDisposable
{
    private const int QueueLimit = 10_000;

    private readonly PartitionedRateLimiter<string> limiter;
    private readonly ConcurrentDictionary<string, DateTimeOffset> pausedUntil = new(StringComparer.Ordinal);
    private readonly TimeProvider timeProvider;
    private readonly TimeSpan maxInProcessWait;

    public CloverRequestLimiter(IOptions<CloverClientOptions> options, TimeProvider timeProvider)
    {
        var settings = options.Value;
        this.timeProvider = timeProvider;
        maxInProcessWait = settings.MaxInProcessRetryAfter;
        var concurrency = PartitionedRateLimiter.Create<string, string>(merchantId => RateLimitPartition.GetConcurrencyLimiter(
            merchantId,
            _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = settings.MaxConcurrentRequests,
                QueueLimit = QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        var rate = PartitionedRateLimiter.Create<string, string>(merchantId => RateLimitPartition.GetSlidingWindowLimiter(
            merchantId,
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = settings.MaxRequestsPerSecond,
                Window = TimeSpan.FromMilliseconds(1100),
                SegmentsPerWindow = 11,
                QueueLimit = QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
        limiter = PartitionedRateLimiter.CreateChained(concurrency, rate);
    }

    /// <summary>Holds every request of <paramref name="merchantId"/> until <paramref name="until"/> (never shortens a pause).</summary>
    public void PauseUntil(string merchantId, DateTimeOffset until) =>
        pausedUntil.AddOrUpdate(merchantId, until, (_, current) => current > until ? current : until);

    /// <summary>Waits out a pause, then for a permit. Dispose the lease when the request is done.</summary>
    /// <exception cref="CloverUnavailableException">The pause is longer than <c>Clover:MaxInProcessRetryAfter</c>.</exception>
    public async ValueTask<RateLimitLease> AcquireAsync(string merchantId, CancellationToken cancellationToken)
    {
        await WaitWhilePausedAsync(merchantId, cancellationToken);
        var lease = await limiter.AcquireAsync(merchantId, 1, cancellationToken);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new CloverUnavailableException(
                CloverUnavailableReason.RateLimited,
                timeProvider.GetUtcNow() + TimeSpan.FromSeconds(1),
                $"Too many Clover requests are queued for merchant {merchantId}.");
        }

        return lease;
    }

    public void Dispose() => limiter.Dispose();

    private async Task WaitWhilePausedAsync(string merchantId, CancellationToken cancellationToken)
    {
        // Loop: another request may have extended the pause while this one waited.
        while (pausedUntil.TryGetValue(merchantId, out var until))
        {
            var remaining = until - timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            if (remaining > maxInProcessWait)
            {
                throw new CloverUnavailableException(
                    CloverUnavailableReason.RateLimited,
                    until,
                    $"Clover rate-limited merchant {merchantId} until {until:u}.");
            }

            await Task.Delay(remaining, timeProvider, cancellationToken);
        }
    }
}

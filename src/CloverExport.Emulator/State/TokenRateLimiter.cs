namespace CloverExport.Emulator.State;

/// <summary>
/// Clover's per-token limits: a token bucket of <c>perSecond</c> requests refilled every second and at
/// most <c>concurrent</c> requests in flight. A rejected request still costs a token (down to one
/// second of debt), so hammering during the wait lengthens it, as Clover documents.
/// </summary>
internal sealed class TokenRateLimiter(int perSecond, int concurrent, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Bucket> buckets = new(StringComparer.Ordinal);

    public bool Enabled => perSecond > 0 || concurrent > 0;

    public int Limit => perSecond;

    /// <summary>Admits a request (call <see cref="Exit"/> afterwards) or says how long to wait.</summary>
    public RateDecision TryEnter(string token)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!buckets.TryGetValue(token, out var bucket))
            {
                bucket = new Bucket { Tokens = perSecond, RefilledAt = now };
                buckets[token] = bucket;
            }

            if (perSecond > 0)
            {
                bucket.Tokens = Math.Min(perSecond, bucket.Tokens + ((now - bucket.RefilledAt).TotalSeconds * perSecond));
                bucket.RefilledAt = now;
                if (bucket.Tokens < 1)
                {
                    bucket.Tokens = Math.Max(-perSecond, bucket.Tokens - 1);
                    return new RateDecision(false, SecondsUntilToken(bucket), 0);
                }
            }

            if (concurrent > 0 && bucket.InFlight >= concurrent)
            {
                return new RateDecision(false, 1, Remaining(bucket));
            }

            if (perSecond > 0)
            {
                bucket.Tokens -= 1;
            }

            bucket.InFlight++;
            return new RateDecision(true, 0, Remaining(bucket));
        }
    }

    public void Exit(string token)
    {
        lock (gate)
        {
            if (buckets.TryGetValue(token, out var bucket))
            {
                bucket.InFlight--;
            }
        }
    }

    private int SecondsUntilToken(Bucket bucket) => Math.Max(1, (int)Math.Ceiling((1 - bucket.Tokens) / perSecond));

    private int Remaining(Bucket bucket) => perSecond > 0 ? Math.Max(0, (int)Math.Floor(bucket.Tokens)) : int.MaxValue;

    private sealed class Bucket
    {
        public double Tokens { get; set; }

        public DateTimeOffset RefilledAt { get; set; }

        public int InFlight { get; set; }
    }
}

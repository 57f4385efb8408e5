using System.Net;

namespace CloverExport.Core.Clover;

/// <summary>
/// Per-attempt gate of the API client: takes a permit from <see cref="CloverRequestLimiter"/> for the
/// request's merchant and records a 429's Retry-After as a pause for that merchant.
/// </summary>
internal sealed class CloverRateLimitHandler(CloverRequestLimiter limiter, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(CloverRequestOptions.MerchantId, out var merchantId))
        {
            throw new InvalidOperationException("Clover API requests must carry the merchant id option.");
        }

        using var lease = await limiter.AcquireAsync(merchantId, cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        // API answers are small JSON: read them while holding the permit, so a request counts as
        // in flight until Clover has finished answering it.
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var now = timeProvider.GetUtcNow();
            limiter.PauseUntil(merchantId, now + RetryAfter.Get(response, now));
        }

        return response;
    }
}

/// <summary>Per-request values the Clover client hands to its message handlers.</summary>
internal static class CloverRequestOptions
{
    /// <summary>The merchant a request is made for: the client-side limiter partitions on it.</summary>
    public static readonly HttpRequestOptionsKey<string> MerchantId = new("CloverExport.MerchantId");
}

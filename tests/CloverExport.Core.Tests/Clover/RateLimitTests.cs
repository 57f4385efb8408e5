using System.Net;
using CloverExport.Core.Tests.Support;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

public class RateLimitTests
{
    private static void RetryAfterSeconds(HttpResponseMessage response, int seconds) =>
        response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task A_429_waits_exactly_retry_after_with_no_request_in_between_even_from_other_calls()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.TooManyRequests, configure: r => RetryAfterSeconds(r, 7));
        h.Api.Fallback = (_, _) => Task.FromResult(FakeHttpHandler.Response(HttpStatusCode.OK, ExportJson()));

        var create = h.CreateOrdersExportAsync();
        await Eventually.HoldsAsync(() => h.Api.Count == 1, "the first attempt is sent");
        var poll = h.Client.GetExportAsync(MerchantId, "EXPORT0000001");

        h.Time.Advance(TimeSpan.FromSeconds(7) - TimeSpan.FromMilliseconds(1));
        await Eventually.SettleAsync();
        Assert.Equal(1, h.Api.Count);
        Assert.False(create.IsCompleted);
        Assert.False(poll.IsCompleted);

        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        await create;
        await poll;
        Assert.Equal(3, h.Api.Count);
    }

    [Fact]
    public async Task A_429_pauses_only_its_own_merchant()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.TooManyRequests, configure: r => RetryAfterSeconds(r, 20));
        h.Api.Fallback = (_, _) => Task.FromResult(FakeHttpHandler.Response(HttpStatusCode.OK, ExportJson()));

        var first = h.Client.GetExportAsync(MerchantId, "EXPORT0000001");
        await Eventually.HoldsAsync(() => h.Api.Count == 1, "the first attempt is sent");

        var other = await h.Client.GetExportAsync(OtherMerchantId, "EXPORT0000001");

        Assert.Equal("EXPORT0000001", other.Id);
        Assert.False(first.IsCompleted);
        h.Time.Advance(TimeSpan.FromSeconds(20));
        await first;
    }

    [Fact]
    public async Task A_429_longer_than_the_in_process_limit_surfaces_as_rate_limited_and_blocks_further_requests()
    {
        await using var h = Create(s => s["Clover:MaxInProcessRetryAfter"] = "00:00:10");
        h.Api.Then(HttpStatusCode.TooManyRequests, configure: r => RetryAfterSeconds(r, 120));

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => h.Client.GetExportAsync(MerchantId, "EXPORT0000001"));
        var next = await Assert.ThrowsAsync<CloverUnavailableException>(
            () => h.CreateOrdersExportAsync());

        Assert.Equal(CloverUnavailableReason.RateLimited, error.Reason);
        Assert.Equal(Now.AddSeconds(120), error.RetryAt);
        Assert.Equal(CloverUnavailableReason.RateLimited, next.Reason);
        Assert.Equal(Now.AddSeconds(120), next.RetryAt);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Concurrent_requests_per_merchant_stay_within_the_limit_and_merchants_do_not_share_it()
    {
        await using var h = Create(s => s["Clover:MaxConcurrentRequests"] = "2");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (inFlight, peak) = (0, 0);
        var gate = new object();
        h.Api.Fallback = async (request, _) =>
        {
            var blocked = request.RequestUri!.AbsolutePath.Contains(MerchantId, StringComparison.Ordinal);
            lock (gate)
            {
                inFlight += blocked ? 1 : 0;
                peak = Math.Max(peak, inFlight);
            }

            if (blocked)
            {
                await release.Task;
                lock (gate)
                {
                    inFlight--;
                }
            }

            return FakeHttpHandler.Response(HttpStatusCode.OK, ExportJson());
        };

        var calls = Enumerable.Range(0, 6).Select(_ => h.Client.GetExportAsync(MerchantId, "EXPORT0000001")).ToList();
        await Eventually.HoldsAsync(() => h.Api.Count == 2, "two requests are in flight");
        await Eventually.SettleAsync();
        Assert.Equal(2, h.Api.Count);

        var other = await h.Client.GetExportAsync(OtherMerchantId, "EXPORT0000001");
        Assert.Equal("EXPORT0000001", other.Id);

        release.SetResult();
        await Task.WhenAll(calls);
        Assert.Equal(2, peak);
        Assert.Equal(7, h.Api.Count);
    }
}

using System.Net;
using CloverExport.Core.Tests.Support;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

public class ErrorClassificationTests
{
    private static readonly DateTimeOffset WindowStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A Tuesday 16:00 UTC: us is closed until Wednesday 10:00.</summary>
    private static readonly DateTimeOffset AfterUsHours = new(2024, 3, 5, 16, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset NextUsOpening = new(2024, 3, 6, 10, 0, 0, TimeSpan.Zero);

    private static Task<CloverExportJob> CreateAsync(ClientHarness h, string merchantId = MerchantId) =>
        h.Client.CreateExportAsync(merchantId, ExportType.Orders, WindowStart, WindowStart.AddDays(1));

    [Fact]
    public async Task Closed_hours_503_takes_next_opening_from_nextAvailableTime_in_ms_and_is_not_retried()
    {
        await using var h = Create(now: AfterUsHours);
        var next = new DateTimeOffset(2024, 3, 6, 10, 0, 0, TimeSpan.Zero).AddSeconds(7);
        h.Api.Then(HttpStatusCode.ServiceUnavailable,
            $$"""{"message":"The export service is available 10:00-15:00 UTC","availableHours":"10:00-15:00 UTC","nextAvailableTime":{{next.ToUnixTimeMilliseconds()}}}""");

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal(CloverUnavailableReason.ClosedHours, error.Reason);
        Assert.Equal(next, error.RetryAt);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Closed_hours_503_accepts_an_iso_nextAvailableTime()
    {
        await using var h = Create(now: AfterUsHours);
        h.Api.Then(HttpStatusCode.ServiceUnavailable, """{"message":"Exports are not available now","nextAvailableTime":"2024-03-06T10:00:30Z"}""");

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal(CloverUnavailableReason.ClosedHours, error.Reason);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 10, 0, 30, TimeSpan.Zero), error.RetryAt);
    }

    [Fact]
    public async Task Closed_hours_503_without_a_time_uses_the_hours_quoted_in_the_message()
    {
        // The message's hours (09:00) differ from the table (10:00) to show which one is used.
        await using var h = Create(now: AfterUsHours);
        h.Api.Then(HttpStatusCode.ServiceUnavailable, """{"message":"The export service is available 09:00-15:00 UTC"}""");

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal(CloverUnavailableReason.ClosedHours, error.Reason);
        Assert.Equal(new DateTimeOffset(2024, 3, 6, 9, 0, 0, TimeSpan.Zero), error.RetryAt);
    }

    [Fact]
    public async Task Bare_503_when_the_region_table_says_closed_is_closed_hours_until_the_next_opening()
    {
        await using var h = Create(now: AfterUsHours);
        h.Api.Then(HttpStatusCode.ServiceUnavailable);

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal(CloverUnavailableReason.ClosedHours, error.Reason);
        Assert.Equal(NextUsOpening, error.RetryAt);
    }

    [Fact]
    public async Task Bare_503_in_open_hours_is_the_concurrency_limit_retried_after_the_configured_delay()
    {
        await using var h = Create(s => s["Clover:ConcurrencyRetryDelay"] = "00:02:30");
        h.Api.Then(HttpStatusCode.ServiceUnavailable, """{"message":"Too many concurrent exports; try again later"}""");

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal(CloverUnavailableReason.ConcurrencyLimit, error.Reason);
        Assert.Equal(Now + TimeSpan.FromMinutes(2.5), error.RetryAt);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task A_503_outside_the_tables_hours_waits_for_the_opening_whatever_its_words()
    {
        // The table decides first: outside the hours no create can succeed, busy or not.
        await using var h = Create(now: AfterUsHours);
        h.Api.Then(HttpStatusCode.ServiceUnavailable, """{"message":"Too many concurrent exports; try again later"}""");

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal((CloverUnavailableReason.ClosedHours, NextUsOpening), (error.Reason, error.RetryAt));
    }

    [Fact]
    public async Task A_503_in_a_region_with_unknown_hours_is_a_concurrency_wait_not_an_hour()
    {
        await using var h = Create(s => s["Merchants:0:Region"] = "la");
        h.Api.Then(HttpStatusCode.ServiceUnavailable, """{"message":"Export is not available outside business hours"}""");

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal(CloverUnavailableReason.ConcurrencyLimit, error.Reason);
        Assert.True(error.RetryAt < Now.AddMinutes(10));
    }

    [Fact]
    public async Task Unauthorized_is_an_authorization_error_and_not_retried()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.Unauthorized, """{"message":"401 Unauthorized"}""");

        var error = await Assert.ThrowsAsync<CloverAuthorizationException>(() => h.Client.GetExportAsync(MerchantId, "EXPORT0000001"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Forbidden_on_create_says_the_app_lacks_the_export_permission()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.Forbidden, """{"message":"Forbidden"}""");

        var error = await Assert.ThrowsAsync<CloverAuthorizationException>(() => CreateAsync(h));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("permission", error.Message, StringComparison.Ordinal);
        Assert.Contains(MerchantId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_4xx_carries_clovers_message_without_the_token_even_if_echoed()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.BadRequest, $$"""{"message":"Invalid request for token {{Token}}: endTime before startTime"}""");

        var error = await Assert.ThrowsAsync<CloverApiException>(() => CreateAsync(h));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("endTime before startTime", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Non_json_error_body_is_quoted_as_text()
    {
        await using var h = Create();
        h.Api.Then(() => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("no such export") });

        var error = await Assert.ThrowsAsync<CloverApiException>(() => h.Client.GetExportAsync(MerchantId, "EXPORT0000001"));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Contains("no such export", error.Message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Net;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

public class ErrorClassificationTests
{
    /// <summary>A Tuesday 16:00 UTC: us is closed until Wednesday 10:00.</summary>
    private static readonly DateTimeOffset AfterUsHours = new(2024, 3, 5, 16, 0, 0, TimeSpan.Zero);

    [Theory]
    // nextAvailableTime in milliseconds.
    [InlineData("""{"message":"The export service is available 10:00-15:00 UTC","availableHours":"10:00-15:00 UTC","nextAvailableTime":1709719207000}""", "2024-03-06T10:00:07Z")]
    // nextAvailableTime as an ISO time.
    [InlineData("""{"message":"Exports are not available now","nextAvailableTime":"2024-03-06T10:00:30Z"}""", "2024-03-06T10:00:30Z")]
    // No time: the hours quoted in the message, which (09:00) differ from the table (10:00) to show which one is used.
    [InlineData("""{"message":"The export service is available 09:00-15:00 UTC"}""", "2024-03-06T09:00:00Z")]
    // A bare 503: the region table's next opening.
    [InlineData(null, "2024-03-06T10:00:00Z")]
    // The table decides first: outside the hours no create can succeed, busy or not, whatever the words.
    [InlineData("""{"message":"Too many concurrent exports; try again later"}""", "2024-03-06T10:00:00Z")]
    public async Task A_503_after_us_hours_is_closed_hours_until_the_next_opening_and_is_not_retried(string? body, string nextOpening)
    {
        await using var h = Create(now: AfterUsHours);
        h.Api.Then(HttpStatusCode.ServiceUnavailable, body);

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => h.CreateOrdersExportAsync());

        Assert.Equal((CloverUnavailableReason.ClosedHours, DateTimeOffset.Parse(nextOpening, CultureInfo.InvariantCulture)), (error.Reason, error.RetryAt));
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Bare_503_in_open_hours_is_the_concurrency_limit_retried_after_the_configured_delay()
    {
        await using var h = Create(s => s["Clover:ConcurrencyRetryDelay"] = "00:02:30");
        h.Api.Then(HttpStatusCode.ServiceUnavailable, """{"message":"Too many concurrent exports; try again later"}""");

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => h.CreateOrdersExportAsync());

        Assert.Equal(CloverUnavailableReason.ConcurrencyLimit, error.Reason);
        Assert.Equal(Now + TimeSpan.FromMinutes(2.5), error.RetryAt);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task A_503_in_a_region_with_unknown_hours_is_a_concurrency_wait_not_an_hour()
    {
        await using var h = Create(s => s["Merchants:0:Region"] = "la");
        h.Api.Then(HttpStatusCode.ServiceUnavailable, """{"message":"Export is not available outside business hours"}""");

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => h.CreateOrdersExportAsync());

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

        var error = await Assert.ThrowsAsync<CloverAuthorizationException>(() => h.CreateOrdersExportAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Contains("permission", error.Message, StringComparison.Ordinal);
        Assert.Contains(MerchantId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_4xx_carries_clovers_message_without_the_token_even_if_echoed()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.BadRequest, $$"""{"message":"Invalid request for token {{Token}}: endTime before startTime"}""");

        var error = await Assert.ThrowsAsync<CloverApiException>(() => h.CreateOrdersExportAsync());

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

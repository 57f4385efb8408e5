namespace CloverExport.Emulator.Tests;

/// <summary>Every 503 body shape the emulator can play (Clover documents none).</summary>
public sealed class UnavailableBodyTests
{
    private const string HtmlPage =
        "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n";

    [Theory]
    [InlineData(UnavailableBodyStyle.Structured, "application/json", """{"message":"Too many concurrent exports; try again later"}""")]
    [InlineData(UnavailableBodyStyle.Empty, null, "")]
    [InlineData(UnavailableBodyStyle.Html, "text/html", HtmlPage)]
    [InlineData(UnavailableBodyStyle.PlainText, "text/plain", "Service Unavailable")]
    [InlineData(UnavailableBodyStyle.MessageJson, "application/json", """{"message":"Service Unavailable: too many concurrent exports"}""")]
    [InlineData(UnavailableBodyStyle.NestedError, "application/json", """{"error":{"code":"SERVICE_UNAVAILABLE","message":"Service Unavailable: too many concurrent exports"}}""")]
    [InlineData(UnavailableBodyStyle.UnavailableText, "text/plain", "Export service unavailable: too many concurrent exports")]
    public async Task Concurrency_503_has_the_configured_body(UnavailableBodyStyle style, string? contentType, string expected)
    {
        await using var host = await TestHost.StartAsync(o =>
        {
            o.ProcessingBase = TimeSpan.FromMinutes(10);
            o.MaxConcurrentExportsPerMerchant = 1;
            o.ConcurrencyBody = style;
        });

        (await host.Sandbox.PostOneDayAsync()).Dispose();
        using var rejected = await host.Sandbox.PostOneDayAsync();

        await AssertBodyAsync(rejected, contentType, expected);
    }

    [Theory]
    [InlineData(UnavailableBodyStyle.Structured, "application/json", """{"message":"The export service is available 10:00-15:00 UTC","availableHours":"10:00-15:00 UTC","nextAvailableTime":1796119200000}""")]
    [InlineData(UnavailableBodyStyle.TextHours, "application/json", """{"message":"The export service is available 10:00-15:00 UTC"}""")]
    [InlineData(UnavailableBodyStyle.IsoNextAvailable, "application/json", """{"message":"The export service is available 10:00-15:00 UTC","availableHours":"10:00-15:00 UTC","nextAvailableTime":"2026-12-01T10:00:00.000Z"}""")]
    [InlineData(UnavailableBodyStyle.NoHours, "application/json", """{"message":"The export service is temporarily unavailable"}""")]
    [InlineData(UnavailableBodyStyle.Empty, null, "")]
    [InlineData(UnavailableBodyStyle.Html, "text/html", HtmlPage)]
    [InlineData(UnavailableBodyStyle.PlainText, "text/plain", "Service Unavailable")]
    [InlineData(UnavailableBodyStyle.MessageJson, "application/json", """{"message":"Service Unavailable: outside export hours"}""")]
    [InlineData(UnavailableBodyStyle.NestedError, "application/json", """{"error":{"code":"SERVICE_UNAVAILABLE","message":"Service Unavailable: outside export hours"}}""")]
    [InlineData(UnavailableBodyStyle.UnavailableText, "text/plain", "Export service unavailable: outside export hours")]
    public async Task Closed_hours_503_has_the_configured_body(UnavailableBodyStyle style, string? contentType, string expected)
    {
        var mondayAfternoon = new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);
        await using var host = await TestHost.StartAsync(
            o =>
            {
                o.EnforceHours = true;
                o.ClosedHoursBody = style;
            },
            mondayAfternoon);
        using var us = host.Api(EmulatorTestMerchants.Us);

        using var closed = await us.PostOneDayAsync();

        await AssertBodyAsync(closed, contentType, expected);
    }

    [Fact]
    public async Task A_fault_picks_its_own_body_and_rejects_a_body_that_does_not_fit_its_kind()
    {
        await using var host = await TestHost.StartAsync();

        using var html = await host.Http.PostAsJsonAsync("_emulator/faults", new { kind = "ConcurrencyLimit", body = "Html" });
        using var concurrency = await host.Sandbox.PostOneDayAsync();
        using var iso = await host.Http.PostAsJsonAsync("_emulator/faults", new { kind = "ClosedHours", body = "IsoNextAvailable" });
        using var closed = await host.Sandbox.PostOneDayAsync();
        using var hoursOnConcurrency = await host.Http.PostAsJsonAsync("_emulator/faults", new { kind = "ConcurrencyLimit", body = "NoHours" });
        using var bodyOnServerError = await host.Http.PostAsJsonAsync("_emulator/faults", new { kind = "ServerError", body = "Html" });
        using var healthy = await host.Sandbox.PostOneDayAsync();

        Assert.Equal(HttpStatusCode.Created, html.StatusCode);
        await AssertBodyAsync(concurrency, "text/html", HtmlPage);
        Assert.Equal(HttpStatusCode.Created, iso.StatusCode);
        var closedBody = await CloverApi.ReadJsonAsync(closed, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(
            host.Time.GetUtcNow().AddMinutes(1).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            closedBody.GetProperty("nextAvailableTime").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, hoursOnConcurrency.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bodyOnServerError.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
    }

    [Fact]
    public async Task A_concurrency_body_that_describes_hours_is_refused_at_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestHost.StartAsync(o => o.ConcurrencyBody = UnavailableBodyStyle.TextHours));

        Assert.Contains("Emulator:ConcurrencyBody", error.Message, StringComparison.Ordinal);
    }

    private static async Task AssertBodyAsync(HttpResponseMessage response, string? contentType, string expected)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }
}

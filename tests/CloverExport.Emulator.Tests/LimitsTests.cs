namespace CloverExport.Emulator.Tests;

public sealed class LimitsTests
{
    [Fact]
    public async Task Us_merchant_outside_hours_gets_503_naming_the_hours_and_the_next_opening()
    {
        var mondayAfternoon = new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);
        await using var host = await TestHost.StartAsync(o => o.EnforceHours = true, mondayAfternoon);
        using var us = host.Api(EmulatorTestMerchants.Us);

        using var closed = await us.PostOneDayAsync();
        var body = await CloverApi.ReadJsonAsync(closed, HttpStatusCode.ServiceUnavailable);
        using var sandboxOpen = await host.Sandbox.PostOneDayAsync();
        host.Time.SetUtcNow(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
        using var opened = await us.PostOneDayAsync();

        Assert.Equal("10:00-15:00 UTC", body.GetProperty("availableHours").GetString());
        Assert.Contains("10:00-15:00 UTC", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), body.GetProperty("nextAvailableTime").GetInt64());
        Assert.Equal(HttpStatusCode.OK, sandboxOpen.StatusCode);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
    }

    [Theory]
    [InlineData("2026-11-28T01:30:00Z", "2026-11-28T02:00:00Z")] // Saturday before opening
    [InlineData("2026-11-27T05:00:00Z", "2026-11-28T02:00:00Z")] // Friday closing time
    [InlineData("2026-11-29T06:00:00Z", "2026-11-30T01:00:00Z")] // Sunday closing time
    public async Task Eu_merchant_hours_follow_the_weekday_schedule(string now, string nextOpening)
    {
        await using var host = await TestHost.StartAsync(o => o.EnforceHours = true, DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));
        using var eu = host.Api(EmulatorTestMerchants.Eu);

        using var closed = await eu.PostOneDayAsync();
        var body = await CloverApi.ReadJsonAsync(closed, HttpStatusCode.ServiceUnavailable);
        host.Time.SetUtcNow(DateTimeOffset.Parse(nextOpening, System.Globalization.CultureInfo.InvariantCulture));
        using var opened = await eu.PostOneDayAsync();

        Assert.Equal(DateTimeOffset.Parse(nextOpening, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), body.GetProperty("nextAvailableTime").GetInt64());
        Assert.Equal("Mon-Fri 01:00-05:00, Sat 02:00-05:00, Sun 02:00-06:00 UTC", body.GetProperty("availableHours").GetString());
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
    }

    [Fact]
    public async Task Third_running_export_of_a_merchant_gets_the_concurrency_503_until_one_finishes()
    {
        await using var host = await TestHost.StartAsync(o => o.ProcessingBase = TimeSpan.FromMinutes(10));
        using var other = host.Api(EmulatorTestMerchants.Busy);

        using var first = await host.Sandbox.PostOneDayAsync();
        using var second = await host.Sandbox.PostOneDayAsync();
        using var third = await host.Sandbox.PostOneDayAsync();
        using var otherMerchant = await other.PostOneDayAsync();
        host.Time.Advance(TimeSpan.FromMinutes(11));
        using var afterwards = await host.Sandbox.PostOneDayAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var body = await CloverApi.ReadJsonAsync(third, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Too many concurrent exports; try again later", body.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, otherMerchant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
        var counters = host.Emulator.Counters;
        Assert.Equal(2, counters.PeakConcurrentExports[EmulatorTestMerchants.Sandbox.Id]);
        Assert.Equal(3, counters.PeakConcurrentExportsApp);
        Assert.Equal(4, counters.ExportsCreated);
    }

    [Fact]
    public async Task Requests_over_the_per_second_limit_get_429_with_retry_after_and_rate_limit_headers()
    {
        await using var host = await TestHost.StartAsync(o => o.RateLimitPerSecond = 3);
        using var other = host.Api(EmulatorTestMerchants.Busy);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await host.Sandbox.GetStatusAsync("NOSUCHEXPORT1");
            statuses.Add(response.StatusCode);
        }

        using var limited = await host.Sandbox.GetStatusAsync("NOSUCHEXPORT1");
        using var otherToken = await other.GetStatusAsync("NOSUCHEXPORT1");
        host.Time.Advance(TimeSpan.FromSeconds(int.Parse(limited.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture)));
        using var later = await host.Sandbox.GetStatusAsync("NOSUCHEXPORT1");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter!.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("3", limited.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("0", limited.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.Equal(HttpStatusCode.NotFound, otherToken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, later.StatusCode);
    }

    [Fact]
    public async Task More_concurrent_requests_than_allowed_per_token_get_429()
    {
        await using var host = await TestHost.StartAsync(o => o.RateLimitConcurrent = 2);
        host.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.SlowResponse, DelayMs = 1500, Count = 2 });

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => host.Sandbox.GetStatusAsync("NOSUCHEXPORT1")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.Equal(2, responses.Count(r => r.StatusCode == HttpStatusCode.NotFound));
        Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests), r => Assert.NotNull(r.Headers.RetryAfter));
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task Files_need_no_token_answer_403_on_a_bad_signature_and_404_after_available_until()
    {
        await using var host = await TestHost.StartAsync(o => o.FileLifetime = TimeSpan.FromHours(2));
        var done = await host.CreateOneDayDoneAsync(host.Sandbox);
        var url = Assert.Single(CloverApi.FileUrls(done));
        using var files = new HttpClient();

        using var fresh = await files.GetAsync(url);
        using var badSignature = await files.GetAsync(url[..^3] + "AAA");
        using var onApiPort = await files.GetAsync(new Uri(host.Emulator.ApiBaseUrl, new Uri(url).PathAndQuery));
        host.Time.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(done.GetProperty("availableUntil").GetInt64()) - TimeSpan.FromMilliseconds(1));
        using var lastMoment = await files.GetAsync(url);
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var expired = await files.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, badSignature.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onApiPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, lastMoment.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.NotEqual(host.Emulator.ApiBaseUrl.Port, host.Emulator.FileBaseUrl.Port);
    }

    [Fact]
    public async Task Without_a_separate_file_host_files_come_from_the_api_port()
    {
        await using var host = await TestHost.StartAsync(o => o.SeparateFileHost = false);

        var done = await host.CreateOneDayDoneAsync(host.Sandbox);

        Assert.Equal(host.Emulator.ApiBaseUrl, host.Emulator.FileBaseUrl);
        Assert.StartsWith(host.Emulator.ApiBaseUrl.ToString(), CloverApi.FileUrls(done)[0], StringComparison.Ordinal);
        Assert.NotEmpty(await CloverApi.DownloadAllAsync(done));
    }
}

namespace CloverExport.Emulator.Tests;

public sealed class FaultTests
{
    [Theory]
    [InlineData(EmulatorFaultKind.ServerError, HttpStatusCode.InternalServerError)]
    [InlineData(EmulatorFaultKind.Unauthorized, HttpStatusCode.Unauthorized)]
    [InlineData(EmulatorFaultKind.ConcurrencyLimit, HttpStatusCode.ServiceUnavailable)]
    [InlineData(EmulatorFaultKind.ClosedHours, HttpStatusCode.ServiceUnavailable)]
    [InlineData(EmulatorFaultKind.RateLimit, HttpStatusCode.TooManyRequests)]
    public async Task Request_fault_hits_count_creates_then_the_api_recovers(EmulatorFaultKind kind, HttpStatusCode expected)
    {
        await using var host = await StartAsync(new EmulatorFault { Kind = kind, Count = 2 });

        using var first = await host.Sandbox.PostOneDayAsync();
        using var second = await host.Sandbox.PostOneDayAsync();
        host.Time.Advance(TimeSpan.FromMinutes(1));
        using var third = await host.Sandbox.PostOneDayAsync();

        Assert.Equal(expected, first.StatusCode);
        Assert.Equal(expected, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.True((await first.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("message", out _));
    }

    [Fact]
    public async Task Server_error_also_hits_status_polls()
    {
        await using var host = await TestHost.StartAsync();
        var id = await host.Sandbox.CreateOneDayAsync();
        host.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ServerError });

        using var failed = await host.Sandbox.GetStatusAsync(id);
        using var recovered = await host.Sandbox.GetStatusAsync(id);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Closed_hours_with_a_duration_close_creates_until_it_runs_out()
    {
        await using var host = await TestHost.StartAsync();
        var reopens = host.Time.GetUtcNow().AddSeconds(90);
        host.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ClosedHours, DurationSeconds = 90 });

        using var first = await host.Sandbox.PostOneDayAsync();
        host.Time.Advance(TimeSpan.FromSeconds(60));
        using var stillClosed = await host.Sandbox.PostOneDayAsync();
        host.Time.Advance(TimeSpan.FromSeconds(30));
        using var open = await host.Sandbox.PostOneDayAsync();

        var body = await CloverApi.ReadJsonAsync(first, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(reopens.ToUnixTimeMilliseconds(), body.GetProperty("nextAvailableTime").GetInt64());
        Assert.True(body.TryGetProperty("availableHours", out _));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stillClosed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
    }

    [Fact]
    public async Task Rate_limit_fault_sends_its_retry_after()
    {
        await using var host = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.RateLimit, RetryAfterSeconds = 7 });

        using var limited = await host.Sandbox.PostOneDayAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), limited.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task Slow_response_delays_the_next_request_past_a_client_timeout()
    {
        await using var host = await TestHost.StartAsync();
        host.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.SlowResponse, DelayMs = 10_000 });
        using var impatient = new HttpClient { BaseAddress = host.Emulator.ApiBaseUrl, Timeout = TimeSpan.FromMilliseconds(300) };
        impatient.DefaultRequestHeaders.Authorization = new("Bearer", EmulatorTestMerchants.Sandbox.Token);
        var path = $"v3/merchants/{EmulatorTestMerchants.Sandbox.Id}/exports/NOSUCHEXPORT1";

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync(path));
        using var next = await impatient.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, next.StatusCode);
    }

    [Fact]
    public async Task Export_failed_fault_ends_the_export_as_failed_without_files()
    {
        await using var host = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.ExportFailed });

        var failed = await host.CreateOneDayDoneAsync(host.Sandbox);
        var next = await host.CreateOneDayDoneAsync(host.Sandbox);

        Assert.Equal("FAILED", failed.GetProperty("status").GetString());
        Assert.False(failed.TryGetProperty("exportUrls", out _));
        Assert.Equal("DONE", next.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Stuck_export_stays_in_progress_forever()
    {
        await using var host = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.StuckInProgress });

        var id = await host.Sandbox.CreateOneDayAsync();
        host.Time.Advance(TimeSpan.FromDays(3));
        var stuck = await host.Sandbox.StatusAsync(id);

        Assert.Equal("IN_PROGRESS", stuck.GetProperty("status").GetString());
        Assert.InRange(stuck.GetProperty("percentComplete").GetInt32(), 1, 99);
        Assert.False(stuck.TryGetProperty("exportUrls", out _));
    }

    [Fact]
    public async Task Cut_file_aborts_the_connection_after_part_of_the_body()
    {
        var (url, host) = await DoneFileAsync(EmulatorFaultKind.CutFile);
        await using (host)
        {
            using var files = new HttpClient();
            using var response = await files.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            var received = new MemoryStream();

            await Assert.ThrowsAnyAsync<IOException>(() => body.CopyToAsync(received));
            Assert.True(received.Length > 0);
            Assert.NotEmpty(await CloverApi.DownloadFileAsync(files, url));
        }
    }

    [Theory]
    [InlineData(EmulatorFaultKind.TruncateFile)]
    [InlineData(EmulatorFaultKind.MalformedFile)]
    public async Task Spoiled_file_is_a_clean_200_that_is_not_valid_json(EmulatorFaultKind kind)
    {
        var (url, host) = await DoneFileAsync(kind);
        await using (host)
        {
            using var files = new HttpClient();
            using var response = await files.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("{\"elements\":[", text, StringComparison.Ordinal);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
            Assert.NotEmpty(await CloverApi.DownloadFileAsync(files, url));
        }
    }

    [Fact]
    public async Task Expire_files_fault_makes_files_expire_when_the_export_is_done()
    {
        await using var host = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.ExpireFiles });

        var done = await host.CreateOneDayDoneAsync(host.Sandbox);
        using var files = new HttpClient();
        using var expired = await files.GetAsync(CloverApi.FileUrls(done)[0]);

        Assert.Equal(done.GetProperty("modifiedTime").GetInt64(), done.GetProperty("availableUntil").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }

    [Fact]
    public async Task Fault_scoped_to_a_merchant_leaves_others_alone()
    {
        await using var host = await TestHost.StartAsync();
        using var target = host.Api(EmulatorTestMerchants.Busy);
        host.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ServerError, MerchantId = EmulatorTestMerchants.Busy.Id });

        using var spared = await host.Sandbox.PostOneDayAsync();
        using var hit = await target.PostOneDayAsync();

        Assert.Equal(HttpStatusCode.OK, spared.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, hit.StatusCode);
    }

    [Fact]
    public async Task Faults_can_be_added_and_cleared_over_http()
    {
        await using var host = await TestHost.StartAsync();

        using var added = await host.Http.PostAsync("_emulator/faults", new StringContent("""{"kind":"Unauthorized","merchantId":"TESTMERCHANT1","count":1}"""));
        using var hit = await host.Sandbox.PostOneDayAsync();
        using var again = await host.Http.PostAsync("_emulator/faults", new StringContent("""{"kind":"ServerError","count":5}"""));
        using var cleared = await host.Http.DeleteAsync("_emulator/faults");
        using var afterClear = await host.Sandbox.PostOneDayAsync();
        using var invalid = await host.Http.PostAsync("_emulator/faults", new StringContent("""{"kind":"Meteor"}"""));

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, hit.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterClear.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
    }

    /// <summary>A private host whose requests meet <paramref name="fault"/> from the start.</summary>
    private static async Task<TestHost> StartAsync(EmulatorFault fault)
    {
        var host = await TestHost.StartAsync();
        host.Emulator.AddFault(fault);
        return host;
    }

    /// <summary>A private host with a DONE one-file export whose next download gets the fault.</summary>
    private static async Task<(string Url, TestHost Host)> DoneFileAsync(EmulatorFaultKind kind)
    {
        var host = await TestHost.StartAsync();
        var done = await host.CreateOneDayDoneAsync(host.Sandbox);
        host.Emulator.AddFault(new EmulatorFault { Kind = kind });
        return (CloverApi.FileUrls(done)[0], host);
    }
}

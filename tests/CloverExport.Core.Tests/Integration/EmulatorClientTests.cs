using System.Net;
using System.Text.Json;
using CloverExport.Emulator;
using CloverExport.Testing;
using static CloverExport.Core.Tests.Integration.EmulatorHarness;

namespace CloverExport.Core.Tests.Integration;

/// <summary>The client against the emulator over real HTTP.</summary>
public class EmulatorClientTests
{
    private const string CreateRoute = "POST /v3/merchants/{mId}/exports";
    private const string StatusRoute = "GET /v3/merchants/{mId}/exports/{exportId}";

    private static readonly DateTimeOffset WindowStart = DataStart;
    private static readonly DateTimeOffset WindowEnd = DataStart.AddDays(10).AddMilliseconds(-1);

    private static Task<CloverExportJob> CreateAsync(EmulatorHarness h, ExportType type = ExportType.Orders) =>
        h.Client.CreateExportAsync(MerchantId, type, WindowStart, WindowEnd);

    private static async Task<List<string>> DownloadIdsAsync(EmulatorHarness h, CloverExportJob job)
    {
        var ids = new List<string>();
        foreach (var url in job.FileUrls)
        {
            await using var file = await h.Client.OpenFileAsync(url);
            using var document = await JsonDocument.ParseAsync(file.Content);
            ids.AddRange(document.RootElement.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("id").GetString()!));
        }

        return ids;
    }

    [Theory]
    [InlineData(ExportType.Orders)]
    [InlineData(ExportType.Payments)]
    public async Task Multi_file_export_downloads_exactly_the_ground_truth(ExportType type)
    {
        await using var h = await StartAsync();

        var job = await h.WaitUntilTerminalAsync(await CreateAsync(h, type));
        var ids = await DownloadIdsAsync(h, job);

        Assert.Equal(CloverExportStatus.Done, job.Status);
        Assert.Equal(type, job.Type);
        Assert.True(job.FileUrls.Count > 1, $"expected several files, got {job.FileUrls.Count}");
        var truth = h.Emulator.GroundTruth(MerchantId, type.ToWireName(), WindowStart.ToUnixTimeMilliseconds(), WindowEnd.ToUnixTimeMilliseconds());
        Assert.NotEmpty(truth);
        Assert.Equal(truth.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal(job.FileUrls.Count, h.Emulator.Counters.FileRequests);
        h.AssertNothingLeaked();
    }

    [Fact]
    public async Task Loopback_file_urls_are_refused_without_the_allow_list()
    {
        await using var h = await StartAsync(client: s => s["Clover:AllowedFileHosts"] = null);
        var job = await h.WaitUntilTerminalAsync(await CreateAsync(h));

        await Assert.ThrowsAsync<UnsafeFileUrlException>(() => h.Client.OpenFileAsync(job.FileUrls[0]));

        Assert.Equal(0, h.Emulator.Counters.FileRequests);
    }

    [Fact]
    public async Task Closed_hours_is_a_wait_until_the_announced_opening()
    {
        await using var h = await StartAsync();
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ClosedHours, MerchantId = MerchantId, DurationSeconds = 3600 });
        var before = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal(CloverUnavailableReason.ClosedHours, error.Reason);
        Assert.InRange(error.RetryAt, before.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal(1, h.Emulator.Counters.RequestCount(CreateRoute));
        h.AssertNothingLeaked();
    }

    [Fact]
    public async Task Concurrency_limit_is_a_wait_of_the_configured_delay()
    {
        await using var h = await StartAsync(
            emulator: o =>
            {
                o.MaxConcurrentExportsPerMerchant = 1;
                o.ProcessingBase = TimeSpan.FromMinutes(5);
            },
            client: s => s["Clover:ConcurrencyRetryDelay"] = "00:00:45");
        await CreateAsync(h);
        var before = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h, ExportType.Payments));

        Assert.Equal(CloverUnavailableReason.ConcurrencyLimit, error.Reason);
        Assert.InRange(error.RetryAt, before.AddSeconds(45), DateTimeOffset.UtcNow.AddSeconds(45));
        Assert.Equal(1, h.Emulator.Counters.RequestCount(CreateRoute, 503));
        Assert.Equal(1, h.Emulator.Counters.ExportsCreated);
        h.AssertNothingLeaked();
    }

    [Fact]
    public async Task Short_rate_limit_is_waited_out_in_process()
    {
        await using var h = await StartAsync();
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.RateLimit, MerchantId = MerchantId, RetryAfterSeconds = 1 });

        var job = await CreateAsync(h);

        Assert.Equal(CloverExportStatus.Pending, job.Status);
        Assert.Equal(1, h.Emulator.Counters.RequestCount(CreateRoute, 429));
        Assert.Equal(1, h.Emulator.Counters.RequestCount(CreateRoute, 200));
        Assert.Equal(1, h.Emulator.Counters.ExportsCreated);
        h.AssertNothingLeaked();
    }

    [Fact]
    public async Task Long_rate_limit_surfaces_as_a_wait()
    {
        await using var h = await StartAsync();
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.RateLimit, MerchantId = MerchantId, RetryAfterSeconds = 600 });

        var error = await Assert.ThrowsAsync<CloverUnavailableException>(() => CreateAsync(h));

        Assert.Equal(CloverUnavailableReason.RateLimited, error.Reason);
        Assert.True(error.RetryAt > DateTimeOffset.UtcNow.AddMinutes(9));
        Assert.Equal(1, h.Emulator.Counters.RequestCount(CreateRoute));
    }

    [Fact]
    public async Task A_burst_of_polls_stays_under_clovers_per_token_limits()
    {
        await using var h = await StartAsync();
        var job = await CreateAsync(h);

        var polls = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => h.Client.GetExportAsync(MerchantId, job.Id)));

        Assert.All(polls, p => Assert.Equal(job.Id, p.Id));
        Assert.Equal(0, h.Emulator.Counters.RequestCount(StatusRoute, 429));
        Assert.Equal(40, h.Emulator.Counters.RequestCount(StatusRoute, 200));
    }

    [Fact]
    public async Task A_burst_of_server_errors_on_polls_is_retried()
    {
        await using var h = await StartAsync();
        var created = await CreateAsync(h);
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ServerError, MerchantId = MerchantId, Count = 2 });

        var job = await h.Client.GetExportAsync(MerchantId, created.Id);

        Assert.Equal(created.Id, job.Id);
        Assert.Equal(2, h.Emulator.Counters.RequestCount(StatusRoute, 500));
        Assert.Equal(1, h.Emulator.Counters.RequestCount(StatusRoute, 200));
        h.AssertNothingLeaked();
    }

    [Fact]
    public async Task A_server_error_on_create_is_not_retried()
    {
        await using var h = await StartAsync();
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ServerError, MerchantId = MerchantId });

        var error = await Assert.ThrowsAsync<CloverApiException>(() => CreateAsync(h));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(1, h.Emulator.Counters.RequestCount(CreateRoute));
    }

    [Fact]
    public async Task A_cut_file_fails_while_reading_the_stream()
    {
        await using var h = await StartAsync();
        var job = await h.WaitUntilTerminalAsync(await CreateAsync(h));
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.CutFile, MerchantId = MerchantId });

        await using var file = await h.Client.OpenFileAsync(job.FileUrls[0]);

        using var copy = new MemoryStream();
        await Assert.ThrowsAnyAsync<IOException>(() => file.Content.CopyToAsync(copy));
        h.AssertNothingLeaked();
    }

    [Fact]
    public async Task Expired_files_are_reported_as_expired()
    {
        await using var h = await StartAsync();
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ExpireFiles, MerchantId = MerchantId });
        var job = await h.WaitUntilTerminalAsync(await CreateAsync(h));
        await Task.Delay(50);

        var error = await Assert.ThrowsAsync<ExportFileExpiredException>(() => h.Client.OpenFileAsync(job.FileUrls[0]));

        Assert.DoesNotContain("sig=", error.Message, StringComparison.Ordinal);
        h.AssertNothingLeaked();
    }

    [Fact]
    public async Task A_failed_export_is_terminal_and_failed()
    {
        await using var h = await StartAsync();
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ExportFailed, MerchantId = MerchantId });

        var job = await h.WaitUntilTerminalAsync(await CreateAsync(h));

        Assert.Equal(CloverExportStatus.Failed, job.Status);
        Assert.Equal("FAILED", job.RawStatus);
        Assert.Empty(job.FileUrls);
    }

    [Fact]
    public async Task Unauthorized_is_an_authorization_error()
    {
        await using var h = await StartAsync();
        h.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.Unauthorized, MerchantId = MerchantId });

        var error = await Assert.ThrowsAsync<CloverAuthorizationException>(() => CreateAsync(h));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal(1, h.Emulator.Counters.RequestCount(CreateRoute));
        h.AssertNothingLeaked();
    }

    [Fact]
    public async Task A_wrong_token_is_an_authorization_error_that_does_not_echo_the_token()
    {
        await using var h = await StartAsync(client: s => s["Merchants:0:Token"] = "wrong-SECRET-token");

        var error = await Assert.ThrowsAsync<CloverAuthorizationException>(() => CreateAsync(h));

        Assert.DoesNotContain("wrong-SECRET-token", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-SECRET-token", h.Logs.AllText(), StringComparison.Ordinal);
    }
}

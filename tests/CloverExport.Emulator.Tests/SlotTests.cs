using System.Text;

namespace CloverExport.Emulator.Tests;

/// <summary>The app-wide export limit and what the counters tell a benchmark about slots (issue 12).</summary>
public sealed class SlotTests
{
    [Fact]
    public async Task App_wide_export_limit_applies_across_merchants()
    {
        await using var host = await StartAsync(appSlots: 2, TimeSpan.FromMinutes(10));
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        using var us = host.Api(EmulatorTestMerchants.Us);

        using var first = await host.Sandbox.PostOneDayAsync();
        using var second = await busy.PostOneDayAsync();
        using var third = await us.PostOneDayAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
        Assert.Equal(2, host.Emulator.Counters.PeakConcurrentExportsApp);
    }

    [Fact]
    public async Task Counters_report_current_exports_busy_time_503s_by_reason_and_orphaned_exports()
    {
        await using var host = await StartAsync(appSlots: 2, TimeSpan.FromMinutes(10));
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        using var eu = host.Api(EmulatorTestMerchants.Eu);
        var first = await host.Sandbox.CreateOneDayAsync();
        var second = await busy.CreateOneDayAsync();
        using var full = await eu.PostOneDayAsync();
        host.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ClosedHours, MerchantId = EmulatorTestMerchants.Eu.Id });
        using var closed = await eu.PostOneDayAsync();
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var halfway = host.Emulator.Counters;

        host.Time.Advance(TimeSpan.FromMinutes(20));
        var done = await host.Sandbox.StatusAsync(first);
        await CloverApi.DownloadAllAsync(done);
        var later = await host.Http.GetFromJsonAsync<JsonElement>("_emulator/counters");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.StatusCode);
        Assert.Equal(2, halfway.CurrentConcurrentExportsApp);
        Assert.Equal(1, halfway.CurrentConcurrentExports[EmulatorTestMerchants.Sandbox.Id]);
        Assert.Equal(1, halfway.CurrentConcurrentExports[EmulatorTestMerchants.Busy.Id]);
        Assert.Equal(2 * 5 * 60_000, halfway.ExportBusyMs);
        Assert.Equal(1, halfway.ConcurrencyResponses);
        Assert.Equal(1, halfway.ClosedHoursResponses);
        Assert.Equal(2, halfway.ExportsNeverPolled);
        Assert.Equal(0, later.GetProperty("currentConcurrentExportsApp").GetInt32());
        Assert.Equal(2 * 10 * 60_000, later.GetProperty("exportBusyMs").GetInt64());
        Assert.Equal(1, later.GetProperty("concurrencyResponses").GetInt64());
        Assert.Equal(1, later.GetProperty("closedHoursResponses").GetInt64());
        Assert.Equal(1, later.GetProperty("orphanedExports").GetInt32());
        Assert.Equal([second], later.GetProperty("orphanedExportIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, later.GetProperty("exportsNeverPolled").GetInt32());
    }

    [Fact]
    public async Task Export_read_as_done_but_not_fully_downloaded_is_orphaned()
    {
        await using var host = await TestHost.StartAsync();
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        var done = await host.CreateDoneAsync(busy, "ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 31));
        var urls = CloverApi.FileUrls(done);
        using var files = new HttpClient();

        await CloverApi.DownloadFileAsync(files, urls[0]);
        var partly = host.Emulator.Counters;
        foreach (var url in urls.Skip(1))
        {
            await CloverApi.DownloadFileAsync(files, url);
        }

        Assert.True(urls.Count > 1);
        Assert.Equal(1, partly.OrphanedExports);
        Assert.Equal(0, host.Emulator.Counters.OrphanedExports);
    }

    [Fact]
    public async Task Stuck_export_holds_its_merchant_and_app_slots_until_its_duration_ends()
    {
        await using var host = await StartAsync(appSlots: 2, TimeSpan.FromMinutes(1), o => o.MaxConcurrentExportsPerMerchant = 1);
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        using var eu = host.Api(EmulatorTestMerchants.Eu);
        using var added = await host.Http.PostAsJsonAsync("_emulator/faults", new { kind = "StuckInProgress", merchantId = EmulatorTestMerchants.Sandbox.Id, durationSeconds = 600 });
        var stuck = await host.Sandbox.CreateOneDayAsync();

        host.Time.Advance(TimeSpan.FromMinutes(2));
        var stillRunning = await host.Sandbox.StatusAsync(stuck);
        using var sameMerchant = await host.Sandbox.PostOneDayAsync();
        using var otherMerchant = await busy.PostOneDayAsync();
        using var appFull = await eu.PostOneDayAsync();
        var busyMs = host.Emulator.Counters.ExportBusyMs;
        host.Time.Advance(TimeSpan.FromMinutes(8));
        var finished = await host.Sandbox.StatusAsync(stuck);
        using var afterwards = await host.Sandbox.PostOneDayAsync();

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal("IN_PROGRESS", stillRunning.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sameMerchant.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherMerchant.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, appFull.StatusCode);
        Assert.Equal(2 * 60_000, busyMs);
        Assert.Equal("DONE", finished.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task External_load_counts_against_the_app_wide_limit_until_it_expires_or_is_cleared()
    {
        await using var host = await StartAsync(appSlots: 3, TimeSpan.FromMinutes(10));
        using var busy = host.Api(EmulatorTestMerchants.Busy);
        using var eu = host.Api(EmulatorTestMerchants.Eu);

        using var load = await host.Http.PostAsync("_emulator/external-load", Json("""{"slots":2,"durationSeconds":60}"""));
        using var first = await host.Sandbox.PostOneDayAsync();
        using var blocked = await busy.PostOneDayAsync();
        var loaded = host.Emulator.Counters;
        host.Time.Advance(TimeSpan.FromSeconds(61));
        using var expired = await busy.PostOneDayAsync();
        using var forever = await host.Http.PostAsync("_emulator/external-load", Json("""{"slots":5}"""));
        using var blockedAgain = await eu.PostOneDayAsync();
        using var cleared = await host.Http.DeleteAsync("_emulator/external-load");
        using var afterClear = await eu.PostOneDayAsync();
        using var invalid = await host.Http.PostAsync("_emulator/external-load", Json("""{"slots":0}"""));

        Assert.Equal(HttpStatusCode.Created, load.StatusCode);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, blocked.StatusCode);
        Assert.Equal(2, loaded.ExternalLoadSlots);
        Assert.Equal(1, loaded.CurrentConcurrentExportsApp);
        Assert.Equal(HttpStatusCode.OK, expired.StatusCode);
        Assert.Equal(HttpStatusCode.Created, forever.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, blockedAgain.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterClear.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(2, host.Emulator.Counters.ConcurrencyResponses);
    }

    [Fact]
    public async Task Per_minute_hours_close_every_region_for_the_rest_of_each_minute_with_a_structured_next_opening()
    {
        var closedAt = new DateTimeOffset(2026, 11, 30, 12, 0, 45, TimeSpan.Zero);
        await using var host = await TestHost.StartAsync(
            o =>
            {
                o.EnforceHours = true;
                o.HoursMode = HoursMode.PerMinute;
                o.OpenSecondsPerMinute = 40;
            },
            closedAt);
        using var us = host.Api(EmulatorTestMerchants.Us);

        using var closed = await host.Sandbox.PostOneDayAsync();
        var body = await CloverApi.ReadJsonAsync(closed, HttpStatusCode.ServiceUnavailable);
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 12, 1, 0, TimeSpan.Zero));
        using var opened = await host.Sandbox.PostOneDayAsync();
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 1, 39, TimeSpan.Zero).AddMilliseconds(999));
        using var usOutsideItsRegionHours = await us.PostOneDayAsync();
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var closedAgain = await us.PostOneDayAsync();

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 1, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), body.GetProperty("nextAvailableTime").GetInt64());
        Assert.Equal("the first 40 seconds of every minute UTC", body.GetProperty("availableHours").GetString());
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, usOutsideItsRegionHours.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closedAgain.StatusCode);
        Assert.Equal(2, host.Emulator.Counters.ClosedHoursResponses);
    }

    /// <summary>A private host where every export holds an app-wide slot for exactly <paramref name="processing"/>, with <paramref name="appSlots"/> slots in all.</summary>
    private static Task<TestHost> StartAsync(int appSlots, TimeSpan processing, Action<EmulatorOptions>? configure = null) => TestHost.StartAsync(o =>
    {
        o.ProcessingBase = processing;
        o.ProcessingPerThousand = TimeSpan.Zero;
        o.MaxConcurrentExportsPerApp = appSlots;
        configure?.Invoke(o);
    });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

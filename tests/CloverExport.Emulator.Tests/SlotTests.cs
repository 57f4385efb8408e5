using System.Text;

namespace CloverExport.Emulator.Tests;

/// <summary>The app-wide export limit and what the counters tell a benchmark about slots (issue 12).</summary>
public sealed class SlotTests
{
    private static readonly string OneDay = CloverApi.Body("ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 2));

    [Fact]
    public async Task Counters_report_current_exports_busy_time_503s_by_reason_and_orphaned_exports()
    {
        await using var host = await TestHost.StartAsync(o =>
        {
            o.ProcessingBase = TimeSpan.FromMinutes(10);
            o.ProcessingPerThousand = TimeSpan.Zero;
            o.MaxConcurrentExportsPerApp = 2;
        });
        using var a = host.Api(EmulatorTestMerchants.Sandbox);
        using var b = host.Api(EmulatorTestMerchants.Busy);
        using var c = host.Api(EmulatorTestMerchants.Eu);
        var first = (await a.CreateAsync("ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 2))).GetProperty("id").GetString()!;
        var second = (await b.CreateAsync("ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 2))).GetProperty("id").GetString()!;
        using var full = await c.PostAsync(OneDay);
        host.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.ClosedHours, MerchantId = EmulatorTestMerchants.Eu.Id });
        using var closed = await c.PostAsync(OneDay);
        host.Time.Advance(TimeSpan.FromMinutes(5));
        var halfway = host.Emulator.Counters;

        host.Time.Advance(TimeSpan.FromMinutes(20));
        var done = await a.StatusAsync(first);
        await CloverApi.DownloadAllAsync(done);
        using var admin = new HttpClient { BaseAddress = host.Emulator.ApiBaseUrl };
        var later = await admin.GetFromJsonAsync<JsonElement>("_emulator/counters");

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
        await using var host = await TestHost.StartAsync(o =>
        {
            o.ProcessingBase = TimeSpan.FromMinutes(1);
            o.MaxConcurrentExportsPerMerchant = 1;
            o.MaxConcurrentExportsPerApp = 2;
        });
        using var a = host.Api(EmulatorTestMerchants.Sandbox);
        using var b = host.Api(EmulatorTestMerchants.Busy);
        using var c = host.Api(EmulatorTestMerchants.Eu);
        using var admin = new HttpClient { BaseAddress = host.Emulator.ApiBaseUrl };
        using var added = await admin.PostAsJsonAsync("_emulator/faults", new { kind = "StuckInProgress", merchantId = EmulatorTestMerchants.Sandbox.Id, durationSeconds = 600 });
        var stuck = (await a.CreateAsync("ORDERS", Times.Ms(2024, 5, 1), Times.Ms(2024, 5, 2))).GetProperty("id").GetString()!;

        host.Time.Advance(TimeSpan.FromMinutes(2));
        var stillRunning = await a.StatusAsync(stuck);
        using var sameMerchant = await a.PostAsync(OneDay);
        using var otherMerchant = await b.PostAsync(OneDay);
        using var appFull = await c.PostAsync(OneDay);
        var busyMs = host.Emulator.Counters.ExportBusyMs;
        host.Time.Advance(TimeSpan.FromMinutes(8));
        var finished = await a.StatusAsync(stuck);
        using var afterwards = await a.PostAsync(OneDay);

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
        await using var host = await TestHost.StartAsync(o =>
        {
            o.ProcessingBase = TimeSpan.FromMinutes(10);
            o.MaxConcurrentExportsPerApp = 3;
        });
        using var a = host.Api(EmulatorTestMerchants.Sandbox);
        using var b = host.Api(EmulatorTestMerchants.Busy);
        using var c = host.Api(EmulatorTestMerchants.Eu);
        using var admin = new HttpClient { BaseAddress = host.Emulator.ApiBaseUrl };

        using var load = await admin.PostAsync("_emulator/external-load", Json("""{"slots":2,"durationSeconds":60}"""));
        using var first = await a.PostAsync(OneDay);
        using var blocked = await b.PostAsync(OneDay);
        var loaded = host.Emulator.Counters;
        host.Time.Advance(TimeSpan.FromSeconds(61));
        using var expired = await b.PostAsync(OneDay);
        using var forever = await admin.PostAsync("_emulator/external-load", Json("""{"slots":5}"""));
        using var blockedAgain = await c.PostAsync(OneDay);
        using var cleared = await admin.DeleteAsync("_emulator/external-load");
        using var afterClear = await c.PostAsync(OneDay);
        using var invalid = await admin.PostAsync("_emulator/external-load", Json("""{"slots":0}"""));

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
        using var sandbox = host.Api(EmulatorTestMerchants.Sandbox);
        using var us = host.Api(EmulatorTestMerchants.Us);

        using var closed = await sandbox.PostAsync(OneDay);
        var body = await CloverApi.ReadJsonAsync(closed, HttpStatusCode.ServiceUnavailable);
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 12, 1, 0, TimeSpan.Zero));
        using var opened = await sandbox.PostAsync(OneDay);
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 30, 16, 1, 39, TimeSpan.Zero).AddMilliseconds(999));
        using var usOutsideItsRegionHours = await us.PostAsync(OneDay);
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var closedAgain = await us.PostAsync(OneDay);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 1, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), body.GetProperty("nextAvailableTime").GetInt64());
        Assert.Equal("the first 40 seconds of every minute UTC", body.GetProperty("availableHours").GetString());
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal(HttpStatusCode.OK, usOutsideItsRegionHours.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closedAgain.StatusCode);
        Assert.Equal(2, host.Emulator.Counters.ClosedHoursResponses);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

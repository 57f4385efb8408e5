using CloverExport.Core.Scheduling;
using Microsoft.Extensions.Time.Testing;
using static CloverExport.Functions.Tests.HttpAnswer;

namespace CloverExport.Functions.Tests;

/// <summary>
/// <c>GET /api/export-slots</c> over a real slot board in Azurite, written by the scheduler itself;
/// asserted on the JSON a caller reads.
/// </summary>
[Collection(SlotBoardCollection.Name)]
public sealed class ExportSlotsApiTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(10);
    private readonly FakeTimeProvider time = new(Now);

    [Fact]
    public async Task Shows_the_holders_and_the_queue_in_order_with_merchant_ids_only()
    {
        using var services = Build(time, OnAzurite(azurite, slots: 2));
        var scheduler = services.GetRequiredService<BlobExportSlotScheduler>();
        await AcquireAsync(scheduler, MerchantA, "window-a1", lease: TimeSpan.FromMinutes(5));
        time.Advance(TimeSpan.FromSeconds(1));
        // B's create met Clover's closed hours: the board records until when.
        await scheduler.TryAcquireAsync(new ExportSlotRequest(MerchantB, "window-b1", Long, Long, ClosedUntil: Now.AddMinutes(30)), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, (await AcquireAsync(scheduler, MerchantC, "window-c1")).Position);
        Assert.Equal(2, (await AcquireAsync(scheduler, MerchantA, "window-a2")).Position);
        Assert.Equal(3, (await AcquireAsync(scheduler, MerchantC, "window-c2")).Position);

        var answer = await GetAsync(services);

        Assert.Equal(200, answer.Status);
        Assert.Equal(["enabled", "maxLimit", "limit", "inUse", "closedUntil", "holders", "waiting", "waitingMerchants"], Names(answer.Body));
        Assert.True(answer.Body.GetProperty("enabled").GetBoolean());
        Assert.Equal(2, answer.Body.GetProperty("maxLimit").GetInt32());
        Assert.Equal(2, answer.Body.GetProperty("limit").GetInt32());
        Assert.Equal(2, answer.Body.GetProperty("inUse").GetInt32());
        Assert.Equal("2025-06-01T12:30:00+00:00", answer.Body.GetProperty("closedUntil").GetString());
        // A's slot: 5 min from its grant; B's: granted while closed, so held 10 min past the opening.
        Assert.Equal(
            $$"""[{"merchantId":"{{MerchantA}}","since":"2025-06-01T12:00:00+00:00","leaseUntil":"2025-06-01T12:05:00+00:00","claimed":true},{"merchantId":"{{MerchantB}}","since":"2025-06-01T12:00:01+00:00","leaseUntil":"2025-06-01T12:40:00+00:00","claimed":true}]""",
            answer.Body.GetProperty("holders").GetRawText());
        Assert.Equal(
            $$"""[{"merchantId":"{{MerchantC}}","position":1,"since":"2025-06-01T12:00:02+00:00"},{"merchantId":"{{MerchantA}}","position":2,"since":"2025-06-01T12:00:02+00:00"},{"merchantId":"{{MerchantC}}","position":3,"since":"2025-06-01T12:00:02+00:00"}]""",
            answer.Body.GetProperty("waiting").GetRawText());
        Assert.Equal(2, answer.Body.GetProperty("waitingMerchants").GetInt32());
        Assert.DoesNotContain("window-", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Leaves_out_expired_leases_and_silent_waiters_and_a_past_closed_time()
    {
        using var services = Build(time, OnAzurite(azurite, slots: 2));
        var scheduler = services.GetRequiredService<BlobExportSlotScheduler>();
        await scheduler.TryAcquireAsync(new ExportSlotRequest(MerchantA, "window-a1", TimeSpan.FromMinutes(1), Long, ClosedUntil: Now.AddMinutes(1)), CancellationToken.None);
        await AcquireAsync(scheduler, MerchantB, "window-b1");
        // C announces a 10 s wait: silent past 2 × 10 s + the board's grace of a minute, it has left the queue.
        await scheduler.TryAcquireAsync(new ExportSlotRequest(MerchantC, "window-c1", Long, TimeSpan.FromSeconds(10)), CancellationToken.None);
        await AcquireAsync(scheduler, MerchantA, "window-a2");

        time.Advance(TimeSpan.FromMinutes(3));
        var answer = await GetAsync(services);

        Assert.Equal(1, answer.Body.GetProperty("inUse").GetInt32());
        Assert.Equal(JsonValueKind.Null, answer.Body.GetProperty("closedUntil").ValueKind);
        Assert.Equal([MerchantB], answer.Body.GetProperty("holders").EnumerateArray().Select(h => h.GetProperty("merchantId").GetString()));
        Assert.Equal(
            $$"""[{"merchantId":"{{MerchantA}}","position":1,"since":"2025-06-01T12:00:00+00:00"}]""",
            answer.Body.GetProperty("waiting").GetRawText());
        Assert.Equal(1, answer.Body.GetProperty("waitingMerchants").GetInt32());
    }

    [Fact]
    public async Task A_freed_slot_reserved_for_the_next_waiter_shows_unclaimed_and_the_lowered_limit_whole()
    {
        using var services = Build(time, OnAzurite(azurite, slots: 3));
        var scheduler = services.GetRequiredService<BlobExportSlotScheduler>();
        await AcquireAsync(scheduler, MerchantA, "window-a1");
        await AcquireAsync(scheduler, MerchantA, "window-a2");
        await AcquireAsync(scheduler, MerchantB, "window-b1");
        await AcquireAsync(scheduler, MerchantC, "window-c1");
        await AcquireAsync(scheduler, MerchantB, "window-b2");
        // A concurrency 503 within the limit halves it (3 → 1); an export done grows it by 1/limit (1 → 2).
        await scheduler.ReleaseAsync(new ExportSlotRelease(MerchantA, "window-a1", ExportSlotUse.ConcurrencyLimited), CancellationToken.None);
        await scheduler.ReleaseAsync(new ExportSlotRelease(MerchantA, "window-a2", ExportSlotUse.Exported), CancellationToken.None);
        await scheduler.ReleaseAsync(new ExportSlotRelease(MerchantB, "window-b1", ExportSlotUse.Exported), CancellationToken.None);
        Assert.Equal(2.5, (await scheduler.ReadAsync(CancellationToken.None)).Limit);

        var answer = await GetAsync(services);

        Assert.Equal(3, answer.Body.GetProperty("maxLimit").GetInt32());
        Assert.Equal(2, answer.Body.GetProperty("limit").GetInt32());
        Assert.Equal(2, answer.Body.GetProperty("inUse").GetInt32());
        Assert.Equal(
            $"""[["{MerchantC}",false],["{MerchantB}",false]]""",
            JsonSerializer.Serialize(answer.Body.GetProperty("holders").EnumerateArray().Select(h => new object[] { h.GetProperty("merchantId").GetString()!, h.GetProperty("claimed").GetBoolean() })));
        Assert.Equal("[]", answer.Body.GetProperty("waiting").GetRawText());
        Assert.Equal(0, answer.Body.GetProperty("waitingMerchants").GetInt32());
    }

    [Fact]
    public async Task With_the_scheduler_off_says_so_and_shows_nothing_even_when_a_board_exists()
    {
        var settings = OnAzurite(azurite, slots: 2);
        using (var on = Build(time, settings))
        {
            await AcquireAsync(on.GetRequiredService<BlobExportSlotScheduler>(), MerchantA, "window-a1");
        }

        settings["Export:MaxExportsInFlightPerApp"] = "0";
        using var off = Build(time, settings);

        var answer = await GetAsync(off);

        Assert.Equal(200, answer.Status);
        Assert.Equal(
            """{"enabled":false,"maxLimit":0,"limit":0,"inUse":0,"closedUntil":null,"holders":[],"waiting":[],"waitingMerchants":0}""",
            answer.Text);
    }

    private static Task<ExportSlotDecision> AcquireAsync(BlobExportSlotScheduler scheduler, string merchantId, string holderId, TimeSpan? lease = null) =>
        scheduler.TryAcquireAsync(new ExportSlotRequest(merchantId, holderId, lease ?? Long, Long), CancellationToken.None);

    private static async Task<HttpAnswer> GetAsync(IServiceProvider services) =>
        await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<ExportSlotsApi>(services).Get(
            HttpCall.Request("GET", "/api/export-slots"), CancellationToken.None));
}

/// <summary>The classes that read a slot board share one Azurite (each test has containers of its own).</summary>
[CollectionDefinition(Name)]
public sealed class SlotBoardCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "slot board";
}

using CloverExport.Core.Scheduling;
using Microsoft.Extensions.Time.Testing;
using static CloverExport.Functions.Tests.HttpAnswer;

namespace CloverExport.Functions.Tests;

/// <summary>
/// The public contract of <c>/api/merchants/{id}/export</c>, asserted on the JSON as a caller reads it
/// (property names, values, wire names), never through the C# records that produce it.
/// </summary>
[Collection(SlotBoardCollection.Name)]
public sealed class MerchantExportApiTests(AzuriteFixture azurite) : StandInEngineTest(OnAzurite(azurite))
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"types":["ORDERS","REFUNDS"]}""", "types" },
        { """{"types":[]}""", "types" },
        { """{"types":"ORDERS"}""", "types" },
        { """{"from":"2025-13-01"}""", "from" },
        { """{"from":"2025-01-01T00:00:00Z"}""", "from" },
        { """{"from":"2025-01-01","to":"March"}""", "to" },
        { """{"from":"2025-03-01","to":"2025-02-28"}""", "to" },
        // Clover holds nothing that old: planning used to throw (0001) or queue 1,300 empty exports (1970).
        { """{"from":"0001-01-01","to":"2025-01-31"}""", "from" },
        { """{"from":"1970-01-01"}""", "from" },
        { """{"to":"2009-12-31"}""", "to" },
        // Not settled: now is 2025-06-01T12:00Z and Export:SettleLag one day (a later "to" is cut, not refused).
        { """{"from":"2025-06-01"}""", "from" },
        { """{"merchantId":"MERCHANTAAAA1"}""", "merchantId" },
        { """{"unexpected":1}""", "unexpected" },
        { """{"types":""", "body" },
        { """[1,2]""", "body" },
        { "null", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Start_answers_each_bad_body_with_a_problem_naming_the_field(string body, string field)
    {
        var answer = await StartAsync(MerchantA, body);

        answer.AssertProblem(400, field);
        Assert.Null(await Client.GetInstanceAsync(TaskNames.MerchantInstanceId(MerchantA)));
    }

    [Theory]
    [InlineData("abc", 400)]
    [InlineData("UNKNOWNMERCH1", 404)]
    [InlineData(DisabledMerchant, 409)]
    public async Task Start_answers_a_bad_merchant_in_the_route_with_its_status(string merchantId, int status)
    {
        var answer = await StartAsync(merchantId, "");

        answer.AssertProblem(status, "merchantId");
    }

    [Fact]
    public async Task A_range_problem_says_why_in_words_without_escapes()
    {
        var answer = await StartAsync(MerchantA, """{"from":"1970-01-01"}""");

        // Relaxed encoding: quotes and plus signs are readable, not \u0027 or \u002B.
        Assert.Contains("'from' must not be before 2010-01-01: Clover holds no data that old (Export:EarliestDataStart).", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_to_past_the_settled_end_is_accepted_and_left_to_planning_to_cut()
    {
        // Now is 2025-06-01T12:00Z with a settle lag of a day: 2025-06-30 is not settled; planning cuts the run.
        var answer = await StartAsync(MerchantA, """{"types":["ORDERS"],"from":"2025-05-01","to":"2025-06-30"}""");

        Assert.Equal(202, answer.Status);
        var input = (await Client.GetInstanceAsync(TaskNames.MerchantInstanceId(MerchantA), getInputsAndOutputs: true))!.ReadInputAs<MerchantExportInput>()!;
        Assert.Equal(new DateTimeOffset(2025, 6, 30, 23, 59, 59, 999, TimeSpan.Zero), input.To);
    }

    [Fact]
    public async Task Start_takes_inclusive_days_and_answers_202_with_the_merchant_urls()
    {
        var answer = await StartAsync(MerchantA, """{"types":["ORDERS"],"from":"2025-01-01","to":"2025-02-28"}""");

        var url = $"https://clover-export.example/api/merchants/{MerchantA}/export";
        answer.AssertAccepted(url, ("merchantId", MerchantA), "statusUrl", "cancelUrl");
        // The one conversion: 'to' is the whole of its day.
        var input = (await Client.GetInstanceAsync(TaskNames.MerchantInstanceId(MerchantA), getInputsAndOutputs: true))!.ReadInputAs<MerchantExportInput>()!;
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), input.From);
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 23, 59, 59, 999, TimeSpan.Zero), input.To);
        Assert.Equal([ExportType.Orders], input.Types!);

        var run = await GetAsync(MerchantA);
        Assert.Equal("2025-01-01", run.Body.GetProperty("range").GetProperty("from").GetString());
        Assert.Equal("2025-02-28", run.Body.GetProperty("range").GetProperty("to").GetString());
        Assert.Equal("""["ORDERS"]""", Compact(run.Body.GetProperty("types")));
        Assert.False(run.Body.GetProperty("incremental").GetBoolean());
    }

    [Fact]
    public async Task Start_without_a_body_is_an_incremental_run_and_a_second_start_is_refused_while_it_runs()
    {
        var first = await StartAsync(MerchantA, "");
        await Client.WaitForInstanceStartAsync(TaskNames.MerchantInstanceId(MerchantA));
        var second = await StartAsync(MerchantA, "{}");

        Assert.Equal(202, first.Status);
        second.AssertProblem(409, "merchantId");
        var run = await GetAsync(MerchantA);
        Assert.True(run.Body.GetProperty("incremental").GetBoolean());
        Assert.Equal(JsonValueKind.Null, run.Body.GetProperty("types").ValueKind);
        Assert.Equal("""{"from":null,"to":null,"end":null}""", Compact(run.Body.GetProperty("range")));
    }

    [Fact]
    public async Task Get_shows_the_run_in_its_own_shape_with_counts_failures_and_waiting_windows()
    {
        var id = await StartStandInAsync(MerchantA, new MerchantExportInput(MerchantA, [ExportType.Orders, ExportType.Payments], PipelineEngine.WindowStart, new DateTimeOffset(2025, 3, 31, 23, 59, 59, 999, TimeSpan.Zero)));
        await Engine.WaitForChildProgressAsync(id);

        var running = await GetAsync(MerchantA);

        Assert.Equal(200, running.Status);
        var body = running.Body;
        Assert.Equal(
            ["merchantId", "state", "incremental", "types", "range", "startedAt", "updatedAt", "progress", "failures", "activeWindows", "fleet", "error"],
            Names(body));
        Assert.Equal("Running", body.GetProperty("state").GetString());
        Assert.Equal("""["ORDERS","PAYMENTS"]""", Compact(body.GetProperty("types")));
        Assert.Equal("""{"from":"2025-01-01","to":"2025-03-31","end":"2025-03-31T23:59:59.999+00:00"}""", Compact(body.GetProperty("range")));
        Assert.Equal(
            """{"windowsPlanned":4,"windowsDone":0,"windowsFailed":1,"windowsRemaining":3,"files":0,"objects":0,"bytes":0,"exportsCreated":2}""",
            Compact(body.GetProperty("progress")));
        Assert.Equal(
            $$"""[{"type":"PAYMENTS","start":"2025-01-01T00:00:00+00:00","end":"2025-01-30T23:59:59.999+00:00","reason":"{{PipelineEngine.FailureReason}}"}]""",
            Compact(body.GetProperty("failures")));
        Assert.Equal(
            """[{"type":"ORDERS","start":"2025-01-01T00:00:00+00:00","end":"2025-01-30T23:59:59.999+00:00","step":"exporting","attempt":1,"exportId":"EXPORT1","percentComplete":40,"wait":{"reason":"closed hours","until":"2025-01-02T10:00:00+00:00","position":2},"slots":{"inUse":5,"limit":5}}]""",
            Compact(body.GetProperty("activeWindows")));
        // No window of any merchant has asked for an app-wide slot yet: the board is empty, at the full limit.
        Assert.Equal(
            """{"slotsInUse":0,"slotLimit":3,"holding":0,"position":null,"waitingMerchants":0,"closedUntil":null}""",
            Compact(body.GetProperty("fleet")));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("error").ValueKind);
        // Nothing of the task hub's internals: no instance ids, orchestrator names, continuations.
        foreach (var internalName in new[] { "continuation", "isIncremental", "MerchantExportOrchestrator", "windowsRemainingAfterThisGeneration", "instanceId", "export-", "generation" })
        {
            Assert.DoesNotContain(internalName, running.Text, StringComparison.Ordinal);
        }

        await Engine.FinishAsync(id);
        await Client.WaitForInstanceCompletionAsync(id);
        var done = await GetAsync(MerchantA);

        Assert.Equal("CompletedWithFailures", done.Body.GetProperty("state").GetString());
        Assert.Equal(3, done.Body.GetProperty("progress").GetProperty("windowsDone").GetInt32());
        Assert.Equal(0, done.Body.GetProperty("progress").GetProperty("windowsRemaining").GetInt32());
        Assert.Equal("[]", Compact(done.Body.GetProperty("activeWindows")));
    }

    [Fact]
    public async Task Get_shows_the_merchants_share_of_the_app_wide_slots_while_its_run_is_active()
    {
        var scheduler = Services.GetRequiredService<BlobExportSlotScheduler>();
        foreach (var (merchantId, holderId) in new[] { (MerchantA, "a1"), (MerchantB, "b1"), (MerchantB, "b2"), (MerchantC, "c1"), (MerchantA, "a2"), (MerchantA, "a3") })
        {
            await scheduler.TryAcquireAsync(new ExportSlotRequest(merchantId, holderId, TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(10)), CancellationToken.None);
        }

        // A new closed time on a renewal: every merchant's view shows it.
        await scheduler.TryAcquireAsync(new ExportSlotRequest(MerchantB, "b1", TimeSpan.FromMinutes(10), ClosedUntil: Now.AddMinutes(20)), CancellationToken.None);
        var id = await StartStandInAsync(MerchantA, new MerchantExportInput(MerchantA));
        await Engine.WaitForChildProgressAsync(id);

        var running = await GetAsync(MerchantA);

        // A holds 1 of the 3 slots; its best window is 2nd in a queue of C, A, A.
        Assert.Equal(
            """{"slotsInUse":3,"slotLimit":3,"holding":1,"position":2,"waitingMerchants":2,"closedUntil":"2025-06-01T12:20:00+00:00"}""",
            Compact(running.Body.GetProperty("fleet")));

        await Engine.FinishAsync(id);
        await Client.WaitForInstanceCompletionAsync(id);
        var done = await GetAsync(MerchantA);

        Assert.Equal(JsonValueKind.Null, done.Body.GetProperty("fleet").ValueKind);
    }

    [Fact]
    public async Task Get_shows_no_fleet_with_the_app_wide_scheduler_off()
    {
        using var off = Build(new FakeTimeProvider(Now), OnAzurite(azurite, slots: 0));
        var id = await StartStandInAsync(MerchantA, new MerchantExportInput(MerchantA));
        await Engine.WaitForChildProgressAsync(id);

        var running = await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantExportApi>(off).Get(
            HttpCall.Request("GET", $"/api/merchants/{MerchantA}/export"), MerchantA, Client, CancellationToken.None));

        Assert.Equal("Running", running.Body.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, running.Body.GetProperty("fleet").ValueKind);
    }

    [Fact]
    public async Task Started_at_is_the_run_start_carried_across_generations_not_the_generation_start()
    {
        var runStart = new DateTimeOffset(2025, 5, 20, 8, 0, 0, TimeSpan.Zero);
        var generation = new MerchantExportContinuation("run1", 3, PipelineEngine.WindowStart.AddDays(90), new WindowKey(PipelineEngine.WindowStart, ExportType.Orders), ExportTotals.Empty, runStart);
        var id = await StartStandInAsync(MerchantA, new MerchantExportInput(MerchantA, Continuation: generation));
        await Engine.WaitForChildProgressAsync(id);

        var run = await GetAsync(MerchantA);

        Assert.Equal(runStart, run.Body.GetProperty("startedAt").GetDateTimeOffset());
        var created = (await Client.GetInstanceAsync(id))!.CreatedAt;
        Assert.NotEqual(created, run.Body.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Get_answers_a_malformed_id_400_and_a_merchant_without_a_run_404()
    {
        (await GetAsync("abc")).AssertProblem(400, "merchantId");
        (await GetAsync(MerchantB)).AssertProblem(404, "merchantId");
        (await GetAsync("UNKNOWNMERCH1")).AssertProblem(404, "merchantId");
    }

    [Fact]
    public async Task Cancel_stops_a_running_run_shows_it_cancelled_and_refuses_a_second_cancel()
    {
        var id = await StartStandInAsync(MerchantA, new MerchantExportInput(MerchantA));
        await Engine.WaitForChildProgressAsync(id);

        var cancelled = await CancelAsync(MerchantA);

        Assert.Equal(202, cancelled.Status);
        Assert.Equal($$"""{"merchantId":"{{MerchantA}}","state":"Cancelling"}""", Compact(cancelled.Body));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
        Assert.Equal("Cancelled", (await GetAsync(MerchantA)).Body.GetProperty("state").GetString());
        (await CancelAsync(MerchantA)).AssertProblem(409, "merchantId");
        (await CancelAsync(MerchantB)).AssertProblem(404, "merchantId");
        (await CancelAsync("abc")).AssertProblem(400, "merchantId");
    }

    // The answer's own text: written compact, so it is exactly what a caller receives.
    private static string Compact(JsonElement element) => element.GetRawText();

    private async Task<HttpAnswer> StartAsync(string merchantId, string body) =>
        await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantExportApi>(Services).Start(
            HttpCall.Request("POST", $"/api/merchants/{merchantId}/export", body), merchantId, Client, CancellationToken.None));

    private async Task<HttpAnswer> GetAsync(string merchantId) =>
        await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantExportApi>(Services).Get(
            HttpCall.Request("GET", $"/api/merchants/{merchantId}/export"), merchantId, Client, CancellationToken.None));

    private async Task<HttpAnswer> CancelAsync(string merchantId) =>
        await HttpCall.ExecuteAsync(await MerchantExportApi.Cancel(
            HttpCall.Request("POST", $"/api/merchants/{merchantId}/export/cancel"), merchantId, Client, CancellationToken.None));

    private async Task<string> StartStandInAsync(string merchantId, MerchantExportInput input) =>
        await Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, input, new StartOrchestrationOptions { InstanceId = TaskNames.MerchantInstanceId(merchantId) });
}

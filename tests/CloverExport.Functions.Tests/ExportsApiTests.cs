using static CloverExport.Functions.Tests.HttpAnswer;

namespace CloverExport.Functions.Tests;

/// <summary>
/// <c>GET /api/exports</c> (paged, runs only) and the legacy routes by instance id, asserted on their JSON.
/// The app-wide slot board, shown by the run GET, is ExportSlotsApiTests' subject: off here, it reads no storage.
/// </summary>
public sealed class ExportsApiTests() : StandInEngineTest(new Dictionary<string, string?> { ["Export:MaxExportsInFlightPerApp"] = "0" })
{
    public static TheoryData<string, string> BadStarts => new()
    {
        { """{"merchantId":"abc"}""", "merchantId" },
        { """{"merchantId":"UNKNOWNMERCH1"}""", "merchantId" },
        { $$"""{"merchantId":"{{DisabledMerchant}}"}""", "merchantId" },
        { """{"merchantId":5}""", "merchantId" },
        { $$"""{"merchantId":"{{MerchantA}}","types":["ORDERS","REFUNDS"]}""", "types" },
        { $$"""{"merchantId":"{{MerchantA}}","types":[]}""", "types" },
        { $$"""{"merchantId":"{{MerchantA}}","types":"ORDERS"}""", "types" },
        { $$"""{"merchantId":"{{MerchantA}}","from":"2025-13-01","to":"2025-03-01"}""", "from" },
        { $$"""{"merchantId":"{{MerchantA}}","from":"2025-01-01","to":"March"}""", "to" },
        { $$"""{"merchantId":"{{MerchantA}}","from":"2025-03-01","to":"2025-01-01"}""", "to" },
        { $$"""{"merchantId":"{{MerchantA}}","from":"2025-03-01","to":"2025-03-01"}""", "to" },
        { $$"""{"merchantId":"{{MerchantA}}","from":"2025-06-01"}""", "from" },
        { $$"""{"merchantId":"{{MerchantA}}","from":"0001-01-01","to":"2025-01-01"}""", "from" },
        { $$"""{"merchantId":"{{MerchantA}}","from":"1970-01-01T00:00:00Z"}""", "from" },
        { $$"""{"merchantId":"{{MerchantA}}","unexpected":1}""", "unexpected" },
        { """{"merchantId":""", "body" },
        { """[1,2]""", "body" },
        { "", "body" },
        { "null", "body" },
        { $$"""{"merchantId":"{{MerchantA}}","types":["{{new string('X', 17_000)}}"]}""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task Start_answers_each_bad_request_with_a_problem_naming_the_field(string body, string field)
    {
        var answer = await HttpCall.ExecuteAsync(await Api().Start(HttpCall.Request("POST", "/api/exports", body), Client, CancellationToken.None));

        answer.AssertProblem(400, field);
        Assert.Null(await Client.GetInstanceAsync(TaskNames.MerchantInstanceId(MerchantA)));
    }

    [Fact]
    public async Task Legacy_start_keeps_its_exclusive_to_and_answers_202_marked_deprecated()
    {
        var body = $$"""{"merchantId":"{{MerchantA}}","types":["ORDERS"],"from":"2025-01-01","to":"2025-03-01"}""";

        var answer = await HttpCall.ExecuteAsync(await Api().Start(HttpCall.Request("POST", "/api/exports", body), Client, CancellationToken.None));

        var id = TaskNames.MerchantInstanceId(MerchantA);
        var statusUrl = $"https://clover-export.example/api/exports/{id}";
        answer.AssertAccepted(statusUrl, ("id", id), "statusQueryGetUri", "terminatePostUri");
        Assert.StartsWith("@", answer.Headers["Deprecation"].ToString(), StringComparison.Ordinal);
        Assert.Equal($"<https://clover-export.example/api/merchants/{MerchantA}/export>; rel=\"successor-version\"", answer.Headers["Link"].ToString());

        // "to":"2025-03-01" exclusive is the inclusive day 2025-02-28, shown in the one convention.
        var run = await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantExportApi>(Services).Get(
            HttpCall.Request("GET", $"/api/merchants/{MerchantA}/export"), MerchantA, Client, CancellationToken.None));
        Assert.Equal("2025-01-01", run.Body.GetProperty("range").GetProperty("from").GetString());
        Assert.Equal("2025-02-28", run.Body.GetProperty("range").GetProperty("to").GetString());
        Assert.Equal("ORDERS", run.Body.GetProperty("types")[0].GetString());
    }

    [Fact]
    public async Task Start_answers_409_while_a_run_of_that_merchant_is_active()
    {
        var body = $$"""{"merchantId":"{{MerchantA}}"}""";
        var first = await HttpCall.ExecuteAsync(await Api().Start(HttpCall.Request("POST", "/api/exports", body), Client, CancellationToken.None));
        Assert.Equal(202, first.Status);
        await Client.WaitForInstanceStartAsync(TaskNames.MerchantInstanceId(MerchantA));

        var second = await HttpCall.ExecuteAsync(await Api().Start(HttpCall.Request("POST", "/api/exports", body), Client, CancellationToken.None));

        second.AssertProblem(409, "merchantId");
    }

    [Fact]
    public async Task Legacy_get_keeps_its_frozen_shape_for_runs_and_window_instances()
    {
        var id = await StartRunAsync(MerchantA);
        await Engine.WaitForChildProgressAsync(id);

        var run = await HttpCall.ExecuteAsync(await ExportsApi.Get(HttpCall.Request("GET", $"/api/exports/{id}"), id, Client, CancellationToken.None));
        var child = PipelineEngine.ChildOf(id);
        var window = await HttpCall.ExecuteAsync(await ExportsApi.Get(HttpCall.Request("GET", $"/api/exports/{child}"), child, Client, CancellationToken.None));

        Assert.Equal(200, run.Status);
        Assert.Equal(["instanceId", "name", "runtimeStatus", "createdAt", "lastUpdatedAt", "input", "progress", "windows", "output", "failure"], Names(run.Body));
        Assert.Equal("Running", run.Body.GetProperty("runtimeStatus").GetString());
        var live = Assert.Single(run.Body.GetProperty("windows").EnumerateArray());
        Assert.Equal(child, live.GetProperty("window").GetProperty("instanceId").GetString());
        Assert.Equal(40, live.GetProperty("progress").GetProperty("percentComplete").GetInt32());
        Assert.False(string.IsNullOrEmpty(run.Headers["Deprecation"].ToString()));
        Assert.Equal(200, window.Status);
        Assert.Equal(child, window.Body.GetProperty("instanceId").GetString());
    }

    [Fact]
    public async Task Get_and_cancel_answer_404_for_an_unknown_instance()
    {
        var get = await HttpCall.ExecuteAsync(await ExportsApi.Get(HttpCall.Request("GET", "/api/exports/nope"), "nope", Client, CancellationToken.None));
        var cancel = await HttpCall.ExecuteAsync(await ExportsApi.Cancel(HttpCall.Request("POST", "/api/exports/nope/cancel"), "nope", Client, CancellationToken.None));

        get.AssertProblem(404, "instanceId");
        cancel.AssertProblem(404, "instanceId");
    }

    [Fact]
    public async Task List_pages_through_the_merchant_runs_only_following_the_continuation_token()
    {
        foreach (var merchant in new[] { MerchantA, MerchantB, MerchantC })
        {
            await Engine.WaitForChildProgressAsync(await StartRunAsync(merchant));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "?limit=2" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports", query: query), Client, CancellationToken.None));
            Assert.Equal(200, page.Status);
            Assert.Equal(["runs", "continuationToken"], Names(page.Body));
            var runs = page.Body.GetProperty("runs").EnumerateArray().ToList();
            Assert.True(runs.Count <= 2);
            foreach (var run in runs)
            {
                Assert.Equal(["merchantId", "instanceId", "state", "updatedAt", "statusUrl"], Names(run));
                var merchantId = run.GetProperty("merchantId").GetString()!;
                Assert.Equal("Running", run.GetProperty("state").GetString());
                Assert.Equal($"https://clover-export.example/api/merchants/{merchantId}/export", run.GetProperty("statusUrl").GetString());
                seen.Add(merchantId);
            }

            token = page.Body.GetProperty("continuationToken").GetString();
            pages++;
        }
        while (token is not null && pages < 10);

        // Three runs and three window children: the children never appear, every run exactly once.
        Assert.Equal([MerchantA, MerchantB, MerchantC], seen.Order(StringComparer.Ordinal));
        Assert.True(pages >= 2, "a limit of 2 over three runs and their children takes more than one page");
    }

    [Fact]
    public async Task List_reads_one_page_of_the_hub_without_inputs_however_many_instances_it_holds()
    {
        var hub = new RecordingDurableClient();
        for (var i = 0; i < 10_000; i++)
        {
            var merchantId = $"MERCHANT{i:D5}";
            hub.Hub.Add(new OrchestrationMetadata(TaskNames.MerchantExport, TaskNames.MerchantInstanceId(merchantId)) { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
            hub.Hub.Add(new OrchestrationMetadata(TaskNames.ExportWindow, TaskNames.MerchantInstanceId(merchantId) + ":run1:ORDERS:0:e0") { RuntimeStatus = OrchestrationRuntimeStatus.Completed });
        }

        var page = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports", query: "?limit=50"), hub, CancellationToken.None));

        var read = Assert.Single(hub.PageReads);
        Assert.False(read.Query!.FetchInputsAndOutputs);
        Assert.Equal(50, read.PageSize);
        Assert.Equal("export-", read.Query.InstanceIdPrefix);
        Assert.Equal(25, page.Body.GetProperty("runs").GetArrayLength());
        Assert.Equal("50", page.Body.GetProperty("continuationToken").GetString());

        var next = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports", query: "?limit=50&continuationToken=50"), hub, CancellationToken.None));
        Assert.Equal("50", hub.PageReads[1].Token);
        Assert.Equal("MERCHANT00025", next.Body.GetProperty("runs")[0].GetProperty("merchantId").GetString());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=501", "limit")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?continuationToken=", "continuationToken")]
    public async Task List_rejects_a_bad_limit_or_token(string query, string field)
    {
        var answer = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports", query: query), Client, CancellationToken.None));

        answer.AssertProblem(400, field);
    }

    [Fact]
    public async Task Cancel_terminates_a_running_run_and_refuses_one_that_is_not_running()
    {
        var id = await StartRunAsync(MerchantA);
        await Engine.WaitForChildProgressAsync(id);

        var cancelled = await HttpCall.ExecuteAsync(await ExportsApi.Cancel(HttpCall.Request("POST", $"/api/exports/{id}/cancel"), id, Client, CancellationToken.None));

        Assert.Equal(202, cancelled.Status);
        Assert.Equal(id, cancelled.Body.GetProperty("id").GetString());
        Assert.Equal("terminating", cancelled.Body.GetProperty("status").GetString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ended = await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, ended.RuntimeStatus);

        var again = await HttpCall.ExecuteAsync(await ExportsApi.Cancel(HttpCall.Request("POST", $"/api/exports/{id}/cancel"), id, Client, CancellationToken.None));
        again.AssertProblem(409, "instanceId");
    }

    private ExportsApi Api() => ActivatorUtilities.CreateInstance<ExportsApi>(Services);

    private async Task<string> StartRunAsync(string merchantId) =>
        await Client.ScheduleNewOrchestrationInstanceAsync(
            TaskNames.MerchantExport, new MerchantExportInput(merchantId), new StartOrchestrationOptions { InstanceId = TaskNames.MerchantInstanceId(merchantId) });
}

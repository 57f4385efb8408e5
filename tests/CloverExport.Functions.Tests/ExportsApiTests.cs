using System.Text.Json;
using CloverExport.Core.Clover;
using CloverExport.Core.Orchestration;
using CloverExport.Functions.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static CloverExport.Functions.Tests.FunctionsServices;

namespace CloverExport.Functions.Tests;

public sealed class ExportsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly ServiceProvider services = Build(new FakeTimeProvider(Now));
    private PipelineEngine engine = null!;

    private DurableTaskClient Client => engine.Client;

    public async Task InitializeAsync() => engine = await PipelineEngine.StartAsync();

    public async Task DisposeAsync()
    {
        await engine.DisposeAsync();
        await services.DisposeAsync();
    }

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
        { $$"""{"merchantId":"{{MerchantA}}","from":"2025-01-01","to":"2026-01-01"}""", "to" },
        { $$"""{"merchantId":"{{MerchantA}}","from":"2025-06-01"}""", "from" },
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
    public async Task Start_schedules_the_requested_range_and_answers_202_with_status_urls()
    {
        var body = $$"""{"merchantId":"{{MerchantA}}","types":["ORDERS"],"from":"2025-01-01","to":"2025-03-01"}""";

        var answer = await HttpCall.ExecuteAsync(await Api().Start(HttpCall.Request("POST", "/api/exports", body), Client, CancellationToken.None));

        var id = TaskNames.MerchantInstanceId(MerchantA);
        var statusUrl = $"https://clover-export.example/api/exports/{id}";
        Assert.Equal(202, answer.Status);
        Assert.Equal(statusUrl, answer.Headers.Location.ToString());
        Assert.Equal(id, answer.Body.GetProperty("id").GetString());
        Assert.Equal(statusUrl, answer.Body.GetProperty("statusQueryGetUri").GetString());
        Assert.Equal(statusUrl + "/cancel", answer.Body.GetProperty("terminatePostUri").GetString());
        var run = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(TaskNames.MerchantExport, run!.Name);
        Assert.Equal(
            new MerchantExportInput(MerchantA, null, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 2, 28, 23, 59, 59, 999, TimeSpan.Zero)),
            run.ReadInputAs<MerchantExportInput>()! with { Types = null });
        Assert.Equal([ExportType.Orders], run.ReadInputAs<MerchantExportInput>()!.Types!);
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
    public async Task Get_reports_the_run_its_active_windows_and_finally_its_output()
    {
        var id = await StartRunAsync(MerchantA);
        await engine.WaitForChildProgressAsync(id);

        var running = await HttpCall.ExecuteAsync(await ExportsApi.Get(HttpCall.Request("GET", $"/api/exports/{id}"), id, Client, CancellationToken.None));

        Assert.Equal(200, running.Status);
        Assert.Equal("Running", running.Body.GetProperty("runtimeStatus").GetString());
        Assert.Equal(JsonValueKind.String, running.Body.GetProperty("createdAt").ValueKind);
        Assert.Equal(JsonValueKind.String, running.Body.GetProperty("lastUpdatedAt").ValueKind);
        Assert.Equal("running", running.Body.GetProperty("progress").GetProperty("phase").GetString());
        var window = Assert.Single(running.Body.GetProperty("windows").EnumerateArray());
        Assert.Equal(PipelineEngine.ChildOf(id), window.GetProperty("window").GetProperty("instanceId").GetString());
        Assert.Equal("Running", window.GetProperty("runtimeStatus").GetString());
        Assert.Equal(40, window.GetProperty("progress").GetProperty("percentComplete").GetInt32());
        Assert.Equal(JsonValueKind.Null, running.Body.GetProperty("output").ValueKind);

        await engine.FinishAsync(id);
        await Client.WaitForInstanceCompletionAsync(id);
        var done = await HttpCall.ExecuteAsync(await ExportsApi.Get(HttpCall.Request("GET", $"/api/exports/{id}"), id, Client, CancellationToken.None));

        Assert.Equal("Completed", done.Body.GetProperty("runtimeStatus").GetString());
        Assert.Equal("Completed", done.Body.GetProperty("output").GetProperty("status").GetString());
        Assert.Equal(1, done.Body.GetProperty("output").GetProperty("totals").GetProperty("windowsDone").GetInt32());
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
    public async Task List_returns_the_runs_newest_first_without_their_window_children()
    {
        var first = await StartRunAsync(MerchantA);
        await engine.WaitForChildProgressAsync(first);
        var second = await StartRunAsync(MerchantB);
        await engine.WaitForChildProgressAsync(second);

        var all = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports"), Client, CancellationToken.None));
        var one = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports", query: "?limit=1"), Client, CancellationToken.None));

        Assert.Equal([second, first], all.Body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("instanceId").GetString()));
        Assert.Equal("running", all.Body.GetProperty("runs")[0].GetProperty("progress").GetProperty("phase").GetString());
        Assert.Equal([second], one.Body.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("instanceId").GetString()));
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=501")]
    [InlineData("?limit=ten")]
    public async Task List_rejects_a_bad_limit(string query)
    {
        var answer = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports", query: query), Client, CancellationToken.None));

        answer.AssertProblem(400, "limit");
    }

    [Fact]
    public async Task Cancel_terminates_a_running_run_and_refuses_one_that_is_not_running()
    {
        var id = await StartRunAsync(MerchantA);
        await engine.WaitForChildProgressAsync(id);

        var cancelled = await HttpCall.ExecuteAsync(await ExportsApi.Cancel(HttpCall.Request("POST", $"/api/exports/{id}/cancel"), id, Client, CancellationToken.None));

        Assert.Equal(202, cancelled.Status);
        Assert.Equal(id, cancelled.Body.GetProperty("id").GetString());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ended = await Client.WaitForInstanceCompletionAsync(id, cancellation: timeout.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, ended.RuntimeStatus);

        var again = await HttpCall.ExecuteAsync(await ExportsApi.Cancel(HttpCall.Request("POST", $"/api/exports/{id}/cancel"), id, Client, CancellationToken.None));
        again.AssertProblem(409, "instanceId");
    }

    private ExportsApi Api() => ActivatorUtilities.CreateInstance<ExportsApi>(services);

    private async Task<string> StartRunAsync(string merchantId) =>
        await Client.ScheduleNewOrchestrationInstanceAsync(
            TaskNames.MerchantExport, new MerchantExportInput(merchantId), new StartOrchestrationOptions { InstanceId = TaskNames.MerchantInstanceId(merchantId) });
}

using Microsoft.DurableTask.Converters;

namespace CloverExport.Functions.Tests;

/// <summary>The coverage endpoints on an Azurite container holding every state, with a run that is exporting one window.</summary>
public sealed class CoverageApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Merchant_coverage_is_json_with_every_state_the_failure_reason_and_the_running_window()
    {
        var (store, services) = await StoreAsync();
        var client = new RunStatusClient(store);
        var query = $"?from={Day(store.From)}&to={Day(store.To)}";

        var answer = await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantCoverageApi>(services).Get(
            HttpCall.Request("GET", $"/api/merchants/{CoverageStore.MerchantA}/coverage", query: query), CoverageStore.MerchantA, client, CancellationToken.None));

        Assert.Equal(200, answer.Status);
        Assert.Equal(CoverageStore.MerchantA, answer.Body.GetProperty("merchantId").GetString());
        var type = Assert.Single(answer.Body.GetProperty("types").EnumerateArray());
        Assert.Equal("PAYMENTS", type.GetProperty("type").GetString());
        Assert.Equal(2, type.GetProperty("committedWindows").GetInt32());
        var blocks = type.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(CoverageStore.ExpectedA.Select(s => s.ToString()), blocks.Select(b => b.GetProperty("state").GetString()));
        Assert.Equal(CoverageStore.FailureReason, blocks[3].GetProperty("lastFailure").GetString());
        Assert.Equal(JsonValueKind.Null, blocks[6].GetProperty("lastFailure").ValueKind);
        Assert.Equal(store.Blocks[1], blocks[1].GetProperty("start").GetDateTimeOffset());
        Assert.NotEqual(JsonValueKind.Null, blocks[1].GetProperty("snapshotAt").ValueKind);
        Assert.InRange(blocks[1].GetProperty("snapshotAgeSeconds").GetInt64(), 0, 300);

        var ended = new RunStatusClient(store, OrchestrationRuntimeStatus.Completed);
        var afterRun = await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantCoverageApi>(services).Get(
            HttpCall.Request("GET", $"/api/merchants/{CoverageStore.MerchantA}/coverage", query: query), CoverageStore.MerchantA, ended, CancellationToken.None));
        Assert.Equal("NotExported", afterRun.Body.GetProperty("types")[0].GetProperty("blocks")[4].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Merchant_coverage_refuses_bad_ids_unknown_merchants_and_bad_days_as_problems()
    {
        var (_, services) = await StoreAsync();
        var api = ActivatorUtilities.CreateInstance<MerchantCoverageApi>(services);
        var client = new RunStatusClient(null);

        (await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", "/api/merchants/abc/coverage"), "abc", client, CancellationToken.None))).AssertProblem(400, "merchantId");
        (await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", "/api/merchants/UNKNOWNMERCH1/coverage"), "UNKNOWNMERCH1", client, CancellationToken.None))).AssertProblem(404, "merchantId");
        (await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", "/x", query: "?from=2025-13-01"), CoverageStore.MerchantA, client, CancellationToken.None))).AssertProblem(400, "from");
        (await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", "/x", query: "?from=2025-02-01&to=2025-01-01"), CoverageStore.MerchantA, client, CancellationToken.None))).AssertProblem(400, "from");
    }

    [Fact]
    public async Task All_merchants_coverage_pages_in_id_order_with_a_next_link()
    {
        var (store, services) = await StoreAsync();
        var api = ActivatorUtilities.CreateInstance<CoverageApi>(services);
        var client = new RunStatusClient(store);
        var range = $"from={Day(store.From)}&to={Day(store.To)}";

        var first = await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", "/api/coverage", query: $"?limit=1&{range}"), client, CancellationToken.None));
        Assert.Equal(200, first.Status);
        Assert.Equal(CoverageStore.MerchantA, Assert.Single(first.Body.GetProperty("merchants").EnumerateArray()).GetProperty("merchantId").GetString());
        var next = new Uri(first.Body.GetProperty("next").GetString()!);
        Assert.Contains($"after={CoverageStore.MerchantA}", next.Query, StringComparison.Ordinal);
        Assert.Contains("limit=1", next.Query, StringComparison.Ordinal);

        var second = await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", next.AbsolutePath, query: next.Query), client, CancellationToken.None));
        var merchant = Assert.Single(second.Body.GetProperty("merchants").EnumerateArray());
        Assert.Equal(CoverageStore.MerchantB, merchant.GetProperty("merchantId").GetString());
        Assert.Equal(["BeforeBackfill", "Complete", "NotExported"], merchant.GetProperty("types")[0].GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("state").GetString()).Distinct());
        Assert.Equal(JsonValueKind.Null, second.Body.GetProperty("next").ValueKind);

        (await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", "/api/coverage", query: "?limit=0"), client, CancellationToken.None))).AssertProblem(400, "limit");
        (await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", "/api/coverage", query: "?after=x"), client, CancellationToken.None))).AssertProblem(400, "after");
    }

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(CoverageStore Store, ServiceProvider Services)> StoreAsync()
    {
        var container = "cov" + Guid.NewGuid().ToString("N")[..20];
        var store = await CoverageStore.CreateAsync(azurite.Azurite, container);
        var services = FunctionsServices.Build(
            settings: CoverageStore.Settings(azurite.Azurite, container)!,
            merchants: new InMemoryMerchantDirectory([.. store.Merchants]));
        return (store, services);
    }

    /// <summary>Answers instance reads with merchant A's run in the given status, exporting the store's running window.</summary>
    private sealed class RunStatusClient(CoverageStore? store, OrchestrationRuntimeStatus status = OrchestrationRuntimeStatus.Running) : DurableTaskClient("coverage")
    {
        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        {
            if (store is null || instanceId != TaskNames.MerchantInstanceId(CoverageStore.MerchantA))
            {
                return Task.FromResult<OrchestrationMetadata?>(null);
            }

            var window = store.Running[0];
            var progress = new ExportProgress(CoverageStore.MerchantA, "running", 0, null, ExportTotals.Empty, 0,
                [new ActiveWindow(window.Type.ToWireName(), window.Start, window.End, "exporting", instanceId + ":e0")]);
            return Task.FromResult<OrchestrationMetadata?>(new OrchestrationMetadata(TaskNames.MerchantExport, instanceId)
            {
                RuntimeStatus = status,
                SerializedCustomStatus = JsonDataConverter.Default.Serialize(progress),
                DataConverter = JsonDataConverter.Default,
            });
        }

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();
    }
}

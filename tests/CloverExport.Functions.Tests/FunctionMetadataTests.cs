using CloverExport.Functions.Scheduling;

namespace CloverExport.Functions.Tests;

/// <summary>What the Functions host will index: the functions.metadata the worker SDK generated at build time.</summary>
public sealed class FunctionMetadataTests
{
    private static readonly Dictionary<string, JsonElement> Functions = Load();

    [Fact]
    public void Every_function_is_indexed_and_nothing_else()
    {
        string[] expected =
        [
            ScheduledExportFunction.Name, InstancePurgeFunction.Name,
            "StartMerchantExport", "GetMerchantExport", "CancelMerchantExport", "ListExports", "GetExportSlots", "GetWatermarks",
            "StartExport", "GetExport", "CancelExport", "GetMerchantCoverage", "GetCoverage",
            "SaveMerchant", "ListMerchants", "DisableMerchant", "EnableMerchant",
            TaskNames.MerchantExport, TaskNames.ExportWindow,
            TaskNames.PlanExport, TaskNames.RequestExportSlot, TaskNames.ReleaseExportSlot, TaskNames.CreateExport,
            TaskNames.GetExportStatus, TaskNames.CopyExportFiles, TaskNames.CommitWindow, TaskNames.RecordWindowFailures,
        ];

        Assert.Equal(expected.Order(StringComparer.Ordinal), Functions.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Timer_reads_its_schedule_from_the_flat_setting_and_does_not_run_on_startup()
    {
        var trigger = Trigger(ScheduledExportFunction.Name);

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("%ExportSchedule%", trigger.GetProperty("schedule").GetString());
        Assert.False(trigger.TryGetProperty("runOnStartup", out var runOnStartup) && runOnStartup.GetBoolean());
        Assert.Contains(Bindings(ScheduledExportFunction.Name), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Purge_timer_runs_hourly_with_a_durable_client()
    {
        var trigger = Trigger(InstancePurgeFunction.Name);

        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(InstancePurgeFunction.Schedule, trigger.GetProperty("schedule").GetString());
        Assert.Contains(Bindings(InstancePurgeFunction.Name), b => b.GetProperty("type").GetString() == "durableClient");
    }

    [Theory]
    [InlineData("StartMerchantExport", "post", "merchants/{merchantId}/export")]
    [InlineData("GetMerchantExport", "get", "merchants/{merchantId}/export")]
    [InlineData("CancelMerchantExport", "post", "merchants/{merchantId}/export/cancel")]
    [InlineData("EnableMerchant", "post", "merchants/{merchantId}/enable")]
    [InlineData("StartExport", "post", "exports")]
    [InlineData("GetMerchantCoverage", "get", "merchants/{merchantId}/coverage")]
    [InlineData("GetCoverage", "get", "coverage")]
    [InlineData("ListExports", "get", "exports")]
    [InlineData("GetExport", "get", "exports/{instanceId}")]
    [InlineData("CancelExport", "post", "exports/{instanceId}/cancel")]
    [InlineData("GetWatermarks", "get", "merchants/{merchantId}/watermarks")]
    [InlineData("GetExportSlots", "get", "export-slots")]
    [InlineData("SaveMerchant", "post", "merchants")]
    [InlineData("ListMerchants", "get", "merchants")]
    [InlineData("DisableMerchant", "post", "merchants/{merchantId}/disable")]
    public void Http_functions_have_their_route_method_and_function_key(string name, string method, string route)
    {
        var trigger = Trigger(name);

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal([method], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()));
        Assert.Equal("function", trigger.GetProperty("authLevel").GetString()!.ToLowerInvariant());
        Assert.Contains(Bindings(name), b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
    }

    [Theory]
    [InlineData(TaskNames.MerchantExport)]
    [InlineData(TaskNames.ExportWindow)]
    public void Orchestrators_carry_the_shared_task_names(string name) =>
        Assert.Equal("orchestrationTrigger", Trigger(name).GetProperty("type").GetString());

    [Theory]
    [InlineData(TaskNames.PlanExport)]
    [InlineData(TaskNames.RequestExportSlot)]
    [InlineData(TaskNames.ReleaseExportSlot)]
    [InlineData(TaskNames.CreateExport)]
    [InlineData(TaskNames.GetExportStatus)]
    [InlineData(TaskNames.CopyExportFiles)]
    [InlineData(TaskNames.CommitWindow)]
    public void Activities_carry_the_shared_task_names(string name) =>
        Assert.Equal("activityTrigger", Trigger(name).GetProperty("type").GetString());

    [Fact]
    public void Host_json_is_deployed_beside_the_worker()
    {
        var hostJson = Path.Combine(Path.GetDirectoryName(typeof(ExportsApi).Assembly.Location)!, "host.json");
        using var host = JsonDocument.Parse(File.ReadAllText(hostJson));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");

        Assert.Equal("%TaskHubName%", durable.GetProperty("hubName").GetString());
        Assert.Equal("AzureStorage", durable.GetProperty("storageProvider").GetProperty("type").GetString());
    }

    private static JsonElement Trigger(string function) =>
        Bindings(function).Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static List<JsonElement> Bindings(string function) =>
        [.. Functions[function].GetProperty("bindings").EnumerateArray()];

    private static Dictionary<string, JsonElement> Load()
    {
        var path = Path.Combine(Path.GetDirectoryName(typeof(ExportsApi).Assembly.Location)!, "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found at {path}: the Functions worker SDK did not run.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.Clone());
    }
}

using CloverExport.Functions.Configuration;
using CloverExport.Functions.Scheduling;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CloverExport.Functions.Tests;

public sealed class ScheduledExportFunctionTests : StandInEngineTest
{
    [Fact]
    public async Task Starts_one_incremental_run_per_enabled_merchant_under_its_deterministic_id()
    {
        using var services = Build();

        await RunTimerAsync(services, Client);

        foreach (var merchant in new[] { MerchantA, MerchantB, MerchantC })
        {
            var run = await Client.GetInstanceAsync(TaskNames.MerchantInstanceId(merchant), getInputsAndOutputs: true);
            Assert.NotNull(run);
            Assert.Equal(TaskNames.MerchantExport, run.Name);
            var input = run.ReadInputAs<MerchantExportInput>()!;
            Assert.Equal(merchant, input.MerchantId);
            Assert.True(input.IsIncremental);
        }

        Assert.Null(await Client.GetInstanceAsync(TaskNames.MerchantInstanceId(DisabledMerchant)));
    }

    [Fact]
    public async Task Skips_a_merchant_whose_previous_run_is_still_going()
    {
        using var services = Build();
        var earlier = new MerchantExportInput(MerchantA, From: PipelineEngine.WindowStart, To: PipelineEngine.WindowStart.AddDays(5));
        var id = TaskNames.MerchantInstanceId(MerchantA);
        await Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, earlier, new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = id });
        await Client.WaitForInstanceStartAsync(id);

        await RunTimerAsync(services, Client);

        // Still the earlier run: replacing it would have started one with the timer's incremental input.
        var run = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, run!.RuntimeStatus);
        Assert.Equal(earlier, run.ReadInputAs<MerchantExportInput>());
        Assert.NotNull(await Client.GetInstanceAsync(TaskNames.MerchantInstanceId(MerchantB)));
        Assert.NotNull(await Client.GetInstanceAsync(TaskNames.MerchantInstanceId(MerchantC)));
    }

    [Fact]
    public async Task Replaces_a_merchant_run_that_has_finished()
    {
        using var services = Build();
        var id = TaskNames.MerchantInstanceId(MerchantA);
        var earlier = new MerchantExportInput(MerchantA, From: PipelineEngine.WindowStart, To: PipelineEngine.WindowStart.AddDays(5));
        await Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, earlier, new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = id });
        await Engine.WaitForChildProgressAsync(id);
        await Engine.FinishAsync(id);
        await Client.WaitForInstanceCompletionAsync(id);

        await RunTimerAsync(services, Client);

        var run = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.True(run!.ReadInputAs<MerchantExportInput>()!.IsIncremental);
    }

    [Fact]
    public async Task Spreads_the_starts_over_the_stagger_window_and_asks_the_backend_to_dedupe_active_runs()
    {
        var now = new DateTimeOffset(2025, 6, 1, 10, 5, 0, TimeSpan.Zero);
        using var services = Build(new FakeTimeProvider(now), new Dictionary<string, string?> { ["ExportStaggerWindow"] = "00:30:00" });
        var client = new RecordingDurableClient();

        await RunTimerAsync(services, client);

        Assert.Equal(3, client.Scheduled.Count);
        Assert.All(client.Scheduled, s => Assert.Equal(TaskNames.MerchantExport, s.Name.Name));
        Assert.Equal(
            [TaskNames.MerchantInstanceId(MerchantA), TaskNames.MerchantInstanceId(MerchantB), TaskNames.MerchantInstanceId(MerchantC)],
            client.Scheduled.Select(s => s.Options!.InstanceId));
        Assert.Equal([null, now.AddMinutes(10), now.AddMinutes(20)], client.Scheduled.Select(s => s.Options!.StartAt));
        Assert.All(client.Scheduled, s => Assert.Equal(
            ["ContinuedAsNew", "Pending", "Running", "Suspended"],
            s.Options!.DedupeStatuses!.Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task Logs_an_immediate_start_without_a_null_time_and_a_staggered_one_with_its_time()
    {
        var now = new DateTimeOffset(2025, 6, 1, 10, 5, 0, TimeSpan.Zero);
        var logger = new FakeLogger<MerchantRunStarter>();
        var starter = new MerchantRunStarter(logger);
        var client = new RecordingDurableClient();

        await starter.TryStartAsync(client, new MerchantExportInput(MerchantA), startAt: null, CancellationToken.None);
        await starter.TryStartAsync(client, new MerchantExportInput(MerchantB), startAt: now, CancellationToken.None);

        var lines = logger.Collector.GetSnapshot().Select(r => r.Message).ToList();
        Assert.Equal($"Started export run export-{MerchantA} for {MerchantA}", lines[0]);
        Assert.Equal($"Scheduled export run export-{MerchantB} for {MerchantB} to start at {now:O}", lines[1]);
        Assert.DoesNotContain(lines, l => l.Contains("(null)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ExportSchedule", "0 5 10 * *")]
    [InlineData("ExportSchedule", "every day")]
    [InlineData("ExportStaggerWindow", "-00:01:00")]
    public void Rejects_a_bad_setting_naming_it(string setting, string value)
    {
        using var services = Build(settings: new Dictionary<string, string?> { [setting] = value });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FunctionsSettings>>().Value);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_to_the_documented_stagger()
    {
        using var services = Build(settings: new Dictionary<string, string?> { ["ExportStaggerWindow"] = null });

        var settings = services.GetRequiredService<IOptions<FunctionsSettings>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(10), settings.ExportStaggerWindow);
    }

    [Fact]
    public void A_missing_schedule_is_refused_naming_it_not_replaced_by_a_default()
    {
        // The host disables the timer when %ExportSchedule% does not resolve; a worker default would hide that.
        using var services = Build(settings: new Dictionary<string, string?> { ["ExportSchedule"] = null });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<FunctionsSettings>>().Value);

        Assert.Contains("ExportSchedule is not set", error.Message, StringComparison.Ordinal);
    }

    private static Task RunTimerAsync(IServiceProvider services, DurableTaskClient client) =>
        ActivatorUtilities.CreateInstance<ScheduledExportFunction>(services).Run(new TimerInfo(), client, CancellationToken.None);
}

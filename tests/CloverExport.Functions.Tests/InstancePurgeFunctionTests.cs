using CloverExport.Functions.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace CloverExport.Functions.Tests;

/// <summary>The purge on the in-process engine: finished runs and their windows go after Export:InstanceRetention, active ones stay.</summary>
public sealed class InstancePurgeFunctionTests : StandInEngineTest
{
    [Fact]
    public async Task Finished_instances_older_than_the_retention_are_purged_and_active_ones_kept()
    {
        var finished = await StartAsync(MerchantA);
        await Engine.WaitForChildProgressAsync(finished);
        await Engine.FinishAsync(finished);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Client.WaitForInstanceCompletionAsync(finished, cancellation: timeout.Token);
        var active = await StartAsync(MerchantB);
        await Engine.WaitForChildProgressAsync(active);

        // Within the retention: nothing goes.
        var soon = await PurgeAtAsync(DateTimeOffset.UtcNow.AddDays(1));
        Assert.Equal(0, soon);
        Assert.NotNull(await Client.GetInstanceAsync(finished));

        var later = await PurgeAtAsync(DateTimeOffset.UtcNow.AddDays(3));

        Assert.Equal(2, later);
        Assert.Null(await Client.GetInstanceAsync(finished));
        Assert.Null(await Client.GetInstanceAsync(PipelineEngine.ChildOf(finished)));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Client.GetInstanceAsync(active))!.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await Client.GetInstanceAsync(PipelineEngine.ChildOf(active)))!.RuntimeStatus);
    }

    private async Task<int> PurgeAtAsync(DateTimeOffset now)
    {
        using var services = Build(new FakeTimeProvider(now), new Dictionary<string, string?> { ["Export:InstanceRetention"] = "2.00:00:00" });
        return await ActivatorUtilities.CreateInstance<InstancePurgeFunction>(services).PurgeAsync(Client, CancellationToken.None);
    }

    private async Task<string> StartAsync(string merchantId) =>
        await Client.ScheduleNewOrchestrationInstanceAsync(
            TaskNames.MerchantExport, new MerchantExportInput(merchantId), new StartOrchestrationOptions { InstanceId = TaskNames.MerchantInstanceId(merchantId) });
}

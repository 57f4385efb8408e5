using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CloverExport.Pipeline.Tests;

public class RunLifecycleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task An_incremental_run_after_new_data_copies_only_the_new_windows()
    {
        var from = Scenario.DataStart;
        var now = DateTimeOffset.UtcNow;
        var merchant = Scenario.Merchant("INCREMENTAL01", from, now, ordersPerDay: 3);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant), new Dictionary<string, string?>
        {
            ["Merchants:0:BackfillStart"] = now.AddDays(-100).ToString("O"),
        });
        var firstEnd = TimeBlocks.StartOf(now.AddDays(-40)).AddDays(12);

        var (first, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], now.AddDays(-100), firstEnd));
        var exportsBefore = harness.Emulator.Counters.ExportsCreated;
        var (incremental, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders]));

        // New windows: the rest of the block the first run stopped in, plus the blocks up to now.
        var expectedNew = WindowPlanner.Plan([ExportType.Orders], firstEnd.AddMilliseconds(1), incremental.Until!.Value, new Dictionary<ExportType, TimeRangeSet>()).Count;
        Assert.True(first.Totals.WindowsDone >= 3);
        Assert.Equal(expectedNew, incremental.Totals.WindowsDone);
        Assert.Equal(expectedNew, harness.Emulator.Counters.ExportsCreated - exportsBefore);
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Orders, TimeBlocks.StartOf(now.AddDays(-100)), incremental.Until.Value);
    }

    [Fact]
    public async Task A_terminated_run_leaves_no_window_that_looks_complete_but_is_not_and_a_rerun_finishes_it()
    {
        var (from, to) = Scenario.FirstDays(200);
        var merchant = Scenario.Merchant("TERMINATED001", from, to, ordersPerDay: 30);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant, processingBase: TimeSpan.FromMilliseconds(300)));

        var instanceId = "terminate-me";
        await harness.Client.ScheduleNewOrchestrationInstanceAsync(
            TaskNames.MerchantExport, new MerchantExportInput(merchant.Id, ExportTypes.All, from, to), new StartOrchestrationOptions { InstanceId = instanceId });
        await WaitForAsync(async () => (await harness.StoredIdsAsync(merchant.Id, ExportType.Orders)).Count > 0);
        await harness.Client.TerminateInstanceAsync(instanceId);
        await harness.Client.WaitForInstanceCompletionAsync(instanceId);

        // Whatever has a manifest is complete and correct for its own window.
        await harness.AssertManifestsMatchFilesAsync();
        var partial = await harness.StoredIdsAsync(merchant.Id, ExportType.Orders);
        Assert.Equal(partial.Count, partial.Distinct().Count());

        var (rerun, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));
        Assert.True(rerun.Status == MerchantExportStatus.Completed, Describe(rerun));
        await harness.AssertExactlyOnceAsync(merchant.Id, from, to);
    }

    [Fact]
    public async Task Progress_is_published_as_custom_status_and_no_token_reaches_history_status_logs_or_metadata()
    {
        var (from, to) = Scenario.FirstDays(45);
        var merchant = Scenario.Merchant("SECRETSCHECK1", from, to, ordersPerDay: 30);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));

        var (result, instanceId) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));

        var metadata = await harness.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        Assert.NotNull(metadata);
        var status = metadata.ReadCustomStatusAs<ExportProgress>()!;
        Assert.Equal("done", status.Phase);
        Assert.Equal(result.Totals.Objects, status.Totals.Objects);
        Assert.True(status.Totals.Objects > 1000);

        var seen = new List<string?> { metadata.SerializedInput, metadata.SerializedOutput, metadata.SerializedCustomStatus };
        await foreach (var child in harness.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            seen.AddRange([child.SerializedInput, child.SerializedOutput, child.SerializedCustomStatus, child.FailureDetails?.ErrorMessage]);
        }

        await foreach (var blob in harness.Container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata }))
        {
            seen.AddRange(blob.Metadata.Values);
        }

        seen.AddRange(harness.Logs.Lines());
        Assert.True(seen.Count > 10);
        Assert.DoesNotContain(seen, text => text is not null && text.Contains(merchant.Token, StringComparison.Ordinal));
        // Pre-signed file links are credentials too.
        Assert.DoesNotContain(seen, text => text is not null && text.Contains("sig=", StringComparison.Ordinal));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 2 minutes");
            await Task.Delay(100);
        }
    }
}

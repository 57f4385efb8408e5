namespace CloverExport.Pipeline.Tests;

/// <summary>Azurite goes away in the middle of a backfill and comes back: nothing is lost or doubled.</summary>
public class StorageOutageTests
{
    [Fact]
    public async Task A_storage_outage_during_copies_ends_with_every_object_exactly_once()
    {
        await using var azurite = await AzuriteInstance.StartAsync(inMemory: false);
        var (from, to) = Scenario.FirstDays(240);
        var merchant = Scenario.Merchant("OUTAGE0000001", from, to.AddDays(1), ordersPerDay: 30);
        await using var harness = await PipelineHarness.StartAsync(azurite, Scenario.Emulator(merchant, processingBase: TimeSpan.FromMilliseconds(200)));
        var input = new MerchantExportInput(merchant.Id, ExportTypes.All, from, to);

        var run = harness.RunAsync(input);
        await WaitForAsync(async () => (await harness.StoredIdsAsync(merchant.Id, ExportType.Orders)).Count > 0);
        await azurite.StopAsync(graceful: true);
        await Task.Delay(TimeSpan.FromSeconds(4));
        await azurite.RestartAsync();
        var (first, _) = await run;

        // Windows whose copies outlasted their retries are failed, never half-committed; a rerun finishes them.
        Assert.True(first.Status is MerchantExportStatus.Completed or MerchantExportStatus.CompletedWithFailures, Describe(first));
        await harness.AssertManifestsMatchFilesAsync();
        var (second, _) = await harness.RunAsync(input);
        Assert.True(second.Status == MerchantExportStatus.Completed, Describe(second));
        Assert.Equal(first.Totals.WindowsFailed, second.Totals.WindowsPlanned);
        await harness.AssertExactlyOnceAsync(merchant.Id, from, to);
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

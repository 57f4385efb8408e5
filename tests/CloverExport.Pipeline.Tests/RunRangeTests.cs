using CloverExport.Core.Storage;

namespace CloverExport.Pipeline.Tests;

/// <summary>What range a run covers: never unsettled time, and run ends aligned so reruns waste nothing.</summary>
public class RunRangeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // The harness runs with Export:SettleLag 00:05:00 and the default Export:RunEndAlignment of a day.
    private static readonly TimeSpan SettleLag = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_range_ending_in_the_future_is_cut_to_the_settled_end_and_says_so()
    {
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var merchant = Scenario.Merchant("FUTURERANGE01", today.AddDays(-20), today.AddDays(3), ordersPerDay: 6);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));
        var before = SettledEnd.At(DateTimeOffset.UtcNow, SettleLag, TimeSpan.FromDays(1));

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], today.AddDays(-10), today.AddDays(2).AddMilliseconds(-1)));

        var after = SettledEnd.At(DateTimeOffset.UtcNow, SettleLag, TimeSpan.FromDays(1));
        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.True(result.EndClamped, "the result says the requested end was cut back");
        Assert.InRange(result.Until!.Value, before, after);
        var windows = await harness.Engine.Services.GetRequiredService<WindowCatalog>().ListCommittedAsync(merchant.Id, ExportType.Orders, CancellationToken.None);
        Assert.NotEmpty(windows);
        Assert.All(windows, w => Assert.True(w.End <= after, $"{w} covers time that is not settled"));
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Orders, TimeBlocks.StartOf(today.AddDays(-10)), result.Until.Value);
    }

    [Fact]
    public async Task An_incremental_rerun_soon_after_a_run_creates_no_export()
    {
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var merchant = Scenario.Merchant("RERUNALIGNED1", today.AddDays(-12), today.AddDays(1), ordersPerDay: 6);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant), new Dictionary<string, string?>
        {
            ["Export:BackfillStart"] = today.AddDays(-12).ToString("O"),
        });

        var (first, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders]));
        var exportsAfterFirst = harness.Emulator.Counters.ExportsCreated;
        var (second, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders]));

        Assert.True(first.Status == MerchantExportStatus.Completed, Describe(first));
        Assert.True(first.Totals.ExportsCreated > 0);
        Assert.Equal(0, first.Until!.Value.AddMilliseconds(1).ToUnixTimeMilliseconds() % (long)TimeSpan.FromDays(1).TotalMilliseconds);
        Assert.False(first.EndClamped, "an incremental run asks for no end, so nothing was cut back");

        // Unaligned, the second run planned the seconds between the two runs as a window of its own.
        Assert.True(second.Status == MerchantExportStatus.Completed, Describe(second));
        Assert.Equal(0, second.Totals.WindowsPlanned);
        Assert.Equal(exportsAfterFirst, harness.Emulator.Counters.ExportsCreated);
    }
}

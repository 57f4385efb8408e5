namespace CloverExport.Pipeline.Tests;

public class BackfillTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task A_multi_year_backfill_of_several_merchants_stores_every_object_exactly_once()
    {
        var end = Scenario.DataStart.AddYears(2).AddMilliseconds(-1);
        var merchants = new[]
        {
            Scenario.Merchant("MERCHANTAAAA1", Scenario.DataStart, end, ordersPerDay: 40, seed: 1),
            Scenario.Merchant("MERCHANTBBBB2", Scenario.DataStart, end, ordersPerDay: 6, seed: 2),
        };
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchants));

        var runs = await Task.WhenAll(merchants.Select(m =>
            harness.RunAsync(new MerchantExportInput(m.Id, ExportTypes.All, Scenario.DataStart, end))));

        foreach (var (result, _) in runs)
        {
            Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
            Assert.Equal(0, result.Totals.WindowsFailed);
            Assert.Equal(result.Totals.WindowsPlanned, result.Totals.WindowsDone);
        }

        foreach (var merchant in merchants)
        {
            await harness.AssertExactlyOnceAsync(merchant.Id, Scenario.DataStart, end);
        }

        await harness.AssertManifestsMatchFilesAsync();
        var busy = runs.Single(r => r.Result.MerchantId == "MERCHANTAAAA1").Result;
        Assert.True(busy.Totals.Files > busy.Totals.WindowsDone, "40 orders a day gives windows of more than 1000 objects, so several files");

        // The default per-merchant bound is one export in flight.
        var counters = harness.Emulator.Counters;
        Assert.All(merchants, m => Assert.Equal(1, counters.PeakConcurrentExports[m.Id]));
    }

    [Fact]
    public async Task A_ten_year_backfill_runs_in_generations_that_each_handle_a_bounded_batch()
    {
        var from = new DateTimeOffset(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = from.AddYears(10).AddMilliseconds(-1);
        var merchant = Scenario.Merchant("TENYEARS00001", from, to, ordersPerDay: 1);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant, processingBase: TimeSpan.FromMilliseconds(10)), new Dictionary<string, string?>
        {
            ["Export:WindowsPerGeneration"] = "16",
            ["Export:MaxExportsInFlightPerMerchant"] = "2",
        });

        var (result, instanceId) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to), TimeSpan.FromMinutes(6));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.InRange(result.Totals.WindowsPlanned, 240, 250);
        Assert.Equal(result.Totals.WindowsPlanned, result.Totals.WindowsDone);
        var progress = (await harness.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))!.ReadCustomStatusAs<ExportProgress>()!;
        // Each generation handled at most 16 windows, so the run continued as new at least 15 times.
        Assert.True(progress.Generation >= (result.Totals.WindowsPlanned / 16) - 1, $"generation {progress.Generation}");
        await harness.AssertExactlyOnceAsync(merchant.Id, from, to);
    }

    [Fact]
    public async Task A_second_run_of_the_same_range_creates_no_export_and_copies_nothing()
    {
        var (from, to) = Scenario.FirstDays(75);
        var merchant = Scenario.Merchant("MERCHANTCCCC3", from, to.AddDays(10), ordersPerDay: 20);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));

        var (first, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));
        var exportsAfterFirst = harness.Emulator.Counters.ExportsCreated;
        var (second, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));

        Assert.True(first.Totals.WindowsDone >= 6);
        Assert.Equal(0, second.Totals.WindowsPlanned);
        Assert.Equal(0, second.Totals.Objects);
        Assert.Equal(exportsAfterFirst, harness.Emulator.Counters.ExportsCreated);
        await harness.AssertExactlyOnceAsync(merchant.Id, from, to);
    }

    [Fact]
    public async Task Two_exports_in_flight_per_merchant_when_configured_and_never_more()
    {
        var (from, to) = Scenario.FirstDays(150);
        var merchant = Scenario.Merchant("MERCHANTDDDD4", from, to, ordersPerDay: 10);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant, processingBase: TimeSpan.FromMilliseconds(400)), new Dictionary<string, string?>
        {
            ["Export:MaxExportsInFlightPerMerchant"] = "2",
        });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.Equal(2, harness.Emulator.Counters.PeakConcurrentExports[merchant.Id]);
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Orders, from, to);
    }
}

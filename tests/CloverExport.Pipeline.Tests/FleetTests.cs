namespace CloverExport.Pipeline.Tests;

/// <summary>Many merchants under Clover's app-wide export limit, and windows bounded when Clover holds a slot forever.</summary>
public class FleetTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset From = Scenario.DataStart;
    private static readonly DateTimeOffset To = Scenario.DataStart.AddMonths(3).AddMilliseconds(-1);

    [Fact]
    public async Task Eight_merchants_under_two_app_wide_slots_never_exceed_them_and_store_every_object_exactly_once()
    {
        var merchants = Enumerable.Range(1, 8).Select(i => Scenario.Merchant($"FLEETMERCH{i:D3}", From, To, ordersPerDay: 4, seed: i)).ToArray();
        var options = Scenario.Emulator(merchants);
        options.MaxConcurrentExportsPerApp = 2;
        options.MaxConcurrentExportsPerMerchant = 1;
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, options, new Dictionary<string, string?>
        {
            ["Export:MaxExportsInFlightPerApp"] = "2",
        });

        var runs = await Task.WhenAll(merchants.Select(m =>
            harness.RunAsync(new MerchantExportInput(m.Id, ExportTypes.All, From, To), TimeSpan.FromMinutes(3))));

        Assert.All(runs, r => Assert.True(r.Result.Status == MerchantExportStatus.Completed, Describe(r.Result)));
        foreach (var merchant in merchants)
        {
            foreach (var type in ExportTypes.All)
            {
                await harness.AssertExactlyOnceAsync(merchant.Id, type, From, To);
            }
        }

        var counters = harness.Emulator.Counters;
        Assert.True(counters.PeakConcurrentExportsApp <= 2, $"peak {counters.PeakConcurrentExportsApp} exports in flight app-wide");
        Assert.Equal(2, counters.PeakConcurrentExportsApp);

        // Slots are handed out, not fought for: (almost) no create meets Clover's limit.
        var busy = counters.RequestCount("POST /v3/merchants/{mId}/exports", 503);
        Assert.True(busy <= 2, $"{busy} concurrency 503s");
    }

    [Fact]
    public async Task A_stuck_export_holding_the_merchants_only_Clover_slot_ends_its_window_within_the_budget_and_the_run_ends()
    {
        var merchant = Scenario.Merchant("STUCKMERCH001", From, To, ordersPerDay: 4);
        var options = Scenario.Emulator(merchant);
        options.MaxConcurrentExportsPerMerchant = 1;
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, options, new Dictionary<string, string?>
        {
            ["Export:ExportDeadline"] = "00:00:02",
            ["Export:WindowBudget"] = "00:00:08",
        });
        harness.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.StuckInProgress, Count = 1 });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, [ExportType.Orders], From, From.AddDays(20)), TimeSpan.FromMinutes(1));

        Assert.Equal(MerchantExportStatus.CompletedWithFailures, result.Status);
        Assert.Contains("budget", Assert.Single(result.Totals.Failures).Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Totals.ExportsAbandoned);
        var creates = harness.Emulator.Counters.RequestCount("POST /v3/merchants/{mId}/exports");
        Assert.InRange(creates, 2, 15);
        Assert.Contains(harness.Logs.Lines(), m => m.Contains("gave up export", StringComparison.Ordinal));
    }
}

namespace CloverExport.Pipeline.Tests;

/// <summary>Each Clover fault the pipeline must ride out ends with complete data, every object once.</summary>
public class FaultTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string MerchantId = "FAULTMERCHNT1";
    private static readonly DateTimeOffset From = Scenario.DataStart;
    private static readonly DateTimeOffset To = From.AddDays(59);

    public static TheoryData<string> RecoverableFaults => new()
    {
        nameof(EmulatorFaultKind.ClosedHours),
        nameof(EmulatorFaultKind.ConcurrencyLimit),
        nameof(EmulatorFaultKind.RateLimit),
        nameof(EmulatorFaultKind.ServerError),
        nameof(EmulatorFaultKind.ExportFailed),
        nameof(EmulatorFaultKind.ExpireFiles),
        nameof(EmulatorFaultKind.CutFile),
        nameof(EmulatorFaultKind.TruncateFile),
        nameof(EmulatorFaultKind.MalformedFile),
        nameof(EmulatorFaultKind.SlowResponse),
    };

    [Theory]
    [MemberData(nameof(RecoverableFaults))]
    public async Task A_fault_ends_with_complete_data(string kind)
    {
        var merchant = Scenario.Merchant(MerchantId, From, To.AddDays(5), ordersPerDay: 45);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));
        harness.Emulator.AddFault(new EmulatorFault
        {
            Kind = Enum.Parse<EmulatorFaultKind>(kind),
            Count = kind == nameof(EmulatorFaultKind.ServerError) ? 3 : 2,
            DurationSeconds = 2,
            RetryAfterSeconds = 1,
            DelayMs = 300,
        });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, ExportTypes.All, From, To));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.Equal(0, result.Totals.WindowsFailed);
        await harness.AssertExactlyOnceAsync(MerchantId, From, To);

        await harness.AssertManifestsMatchFilesAsync();
    }

    [Fact]
    public async Task Responses_slower_than_the_attempt_timeout_are_retried_and_the_run_completes()
    {
        await using var harness = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.SlowResponse, DelayMs = 1500, Count = 4 }, new Dictionary<string, string?>
        {
            ["Clover:AttemptTimeout"] = "00:00:00.500",
        });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, [ExportType.Orders], From, To));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        await harness.AssertExactlyOnceAsync(MerchantId, ExportType.Orders, From, To);
    }

    [Fact]
    public async Task A_storm_of_429s_with_retry_after_is_ridden_out()
    {
        await using var harness = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.RateLimit, RetryAfterSeconds = 1, Count = 12 });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, ExportTypes.All, From, To));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.True(harness.Emulator.Counters.RequestCount("POST /v3/merchants/{mId}/exports", 429)
            + harness.Emulator.Counters.RequestCount("GET /v3/merchants/{mId}/exports/{exportId}", 429) >= 12);
        await harness.AssertExactlyOnceAsync(MerchantId, From, To);
    }

    [Fact]
    public async Task A_401_for_one_merchant_among_several_leaves_the_others_complete()
    {
        var merchants = new[]
        {
            Scenario.Merchant("MANYMERCHANT1", From, To, ordersPerDay: 5, seed: 11),
            Scenario.Merchant("MANYMERCHANT2", From, To, ordersPerDay: 5, seed: 12),
            Scenario.Merchant("MANYMERCHANT3", From, To, ordersPerDay: 5, seed: 13),
        };
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchants));
        harness.Emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.Unauthorized, MerchantId = "MANYMERCHANT2", Count = 1000 });

        var runs = await Task.WhenAll(merchants.Select(m => harness.RunAsync(new MerchantExportInput(m.Id, [ExportType.Orders], From, To))));

        var refused = runs.Single(r => r.Result.MerchantId == "MANYMERCHANT2").Result;
        Assert.Equal(MerchantExportStatus.CompletedWithFailures, refused.Status);
        Assert.Equal(0, refused.Totals.WindowsDone);
        Assert.Empty(await harness.StoredIdsAsync("MANYMERCHANT2", ExportType.Orders));
        foreach (var id in new[] { "MANYMERCHANT1", "MANYMERCHANT3" })
        {
            var result = runs.Single(r => r.Result.MerchantId == id).Result;
            Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
            await harness.AssertExactlyOnceAsync(id, ExportType.Orders, From, To);
        }
    }

    [Fact]
    public async Task Closed_hours_are_waited_out_on_a_durable_timer_until_the_next_opening()
    {
        await using var harness = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.ClosedHours, DurationSeconds = 3, Count = 1000 });
        var started = DateTimeOffset.UtcNow;

        var (result, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, [ExportType.Orders], From, From.AddDays(20)));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        // The first export could only be created once the service reopened.
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(3));
        await harness.AssertExactlyOnceAsync(MerchantId, ExportType.Orders, From, From.AddDays(20));
    }

    [Fact]
    public async Task An_export_that_always_fails_fails_only_its_window_with_a_reason()
    {
        // The first window's two attempts fail; everything after succeeds.
        await using var harness = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.ExportFailed, Count = 2 }, new Dictionary<string, string?>
        {
            ["Export:MaxExportAttempts"] = "2",
        });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, [ExportType.Orders], From, To));

        Assert.Equal(MerchantExportStatus.CompletedWithFailures, result.Status);
        Assert.Equal(1, result.Totals.WindowsFailed);
        Assert.Equal(result.Totals.WindowsPlanned - 1, result.Totals.WindowsDone);
        Assert.Contains("2 export attempts", result.Totals.Failures.Single().Reason, StringComparison.Ordinal);

        // A later run retries the failed window only and completes the range.
        var (retry, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, [ExportType.Orders], From, To));
        Assert.Equal(1, retry.Totals.WindowsDone);
        await harness.AssertExactlyOnceAsync(MerchantId, ExportType.Orders, From, To);
    }

    [Fact]
    public async Task An_export_stuck_in_progress_past_its_deadline_is_created_again()
    {
        await using var harness = await StartAsync(new EmulatorFault { Kind = EmulatorFaultKind.StuckInProgress, Count = 1 }, new Dictionary<string, string?>
        {
            ["Export:ExportDeadline"] = "00:00:02",
        });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, [ExportType.Orders], From, From.AddDays(20)));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.True(result.Totals.ExportsCreated >= 2);
        await harness.AssertExactlyOnceAsync(MerchantId, ExportType.Orders, From, From.AddDays(20));
    }

    [Fact]
    public async Task A_rejected_token_fails_the_run_cleanly_without_retrying_forever()
    {
        await using var harness = await StartAsync(fault: null, new Dictionary<string, string?>
        {
            ["Merchants:0:Token"] = "not-the-right-token",
        });

        var (result, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, [ExportType.Orders], From, From.AddDays(40)));

        Assert.Equal(MerchantExportStatus.CompletedWithFailures, result.Status);
        Assert.Equal(0, result.Totals.WindowsDone);
        Assert.All(result.Totals.Failures, f => Assert.Contains("refused", f.Reason, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, result.Totals.ExportsCreated);
    }

    /// <summary>A harness over the fault merchant alone (5 orders a day over [From, To]) with <paramref name="fault"/> injected.</summary>
    private async Task<PipelineHarness> StartAsync(EmulatorFault? fault, Dictionary<string, string?>? overrides = null)
    {
        var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(Scenario.Merchant(MerchantId, From, To, ordersPerDay: 5)), overrides);
        if (fault is not null)
        {
            harness.Emulator.AddFault(fault);
        }

        return harness;
    }
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CloverExport.Benchmarks;

/// <summary>
/// Benchmark 3: many merchants at once on the embedded engine (one incremental window each), and a
/// long backfill of one merchant whose history must stay bounded through ContinueAsNew.
/// </summary>
internal sealed class ScaleBenchmark(bool quick)
{
    /// <summary>Events one generation may hold: 8 windows at well under 20 events each. A history that grew with the run would pass it after two generations.</summary>
    private const int HistoryBoundPerGeneration = 8 * 20;

    public async Task<ReportSection> RunAsync()
    {
        await using var azurite = await AzuriteInstance.StartAsync();
        var merchants = quick ? 50 : 1000;
        Console.Error.WriteLine($"scale: {merchants} merchants");
        var fleet = await RunFleetAsync(azurite, merchants);
        var years = quick ? 2 : 10;
        Console.Error.WriteLine($"scale: {years}-year backfill");
        var longRun = await RunLongBackfillAsync(azurite, years);

        return new ReportSection($"3. Scale: {merchants:N0} merchants × one incremental window; a {years}-year backfill")
            .Paragraph($"{merchants:N0} sandbox merchants in the emulator (2 orders a day, 0.5 s processing per export, Clover rate and " +
                "concurrency limits off), `Export:Types` = ORDERS and each merchant's backfill start = the start of the current " +
                "30-day block, so an incremental run (no range given) is exactly one window. All runs are started one after the " +
                "other through `DurableTaskClient.ScheduleNewOrchestrationInstanceAsync`, then awaited. " +
                $"DOTNET_PROCESSOR_COUNT = {Environment.ProcessorCount}; polling 250 ms → 1 s.")
            .Table(["measure", "value"],
            [
                ["time to start all orchestrations", $"{Fmt.Seconds(fleet.Start)} ({Fmt.Ms(fleet.Start.TotalMilliseconds / merchants)} each)"],
                ["total time (first start → last completion)", Fmt.Seconds(fleet.Total)],
                ["throughput", $"{Fmt.Number(merchants / fleet.Total.TotalSeconds)} windows/s"],
                ["peak working-set growth (this process: engine, worker, emulator)", Fmt.Mb(fleet.Memory.WorkingSetGrowth)],
                ["peak managed heap growth", Fmt.Mb(fleet.Memory.ManagedHeapGrowth)],
                ["history events per window (merchant instance + window instance)", $"{Fmt.Number(fleet.MerchantHistory + fleet.ChildHistory)} ({Fmt.Number(fleet.MerchantHistory)} + {Fmt.Number(fleet.ChildHistory)})"],
                ["orchestrator episodes per window", Fmt.Number(fleet.Episodes)],
                ["activities per window", Fmt.Number(fleet.Activities)],
                ["durable timers per window", Fmt.Number(fleet.Timers)],
                ["Clover requests per export", fleet.Requests.Describe()],
            ])
            .Paragraph("How history was counted: the engine in Microsoft.DurableTask.InProcessTestHost 0.2.3 does not answer " +
                "`DurableTaskClient.GetOrchestrationHistoryAsync` (the client API exists in Microsoft.DurableTask.Client 1.28, but the " +
                "in-memory service behind it is not implemented and the call returns no events). So a gRPC interceptor sits between " +
                "the worker and the engine (`EngineTap`): each orchestrator work item carries the instance's whole history (past + " +
                "new events), and each episode's completion lists the activities, timers and sub-orchestrations it schedules. " +
                "History per instance = the largest past + new count any episode carried (the final completion adds a few more " +
                "events). Averages over all merchants.")
            .Paragraph($"Long backfill: one merchant, {years} years, both types = {longRun.Windows} windows, " +
                $"`Export:WindowsPerGeneration` = 8, 0.1 s processing per export, polling 100 → 200 ms. Wall time {Fmt.Seconds(longRun.Wall)}; " +
                $"{longRun.Generations} generations (ContinueAsNew).")
            .Table(["measure", "value", "target", "verdict"],
            [
                ["largest merchant-instance history in any generation", $"{longRun.MaxMerchantHistory} events",
                    $"< {HistoryBoundPerGeneration} (bounded by one generation of 8 windows, not by the {longRun.Windows}-window run)",
                    Fmt.Verdict(longRun.MaxMerchantHistory < HistoryBoundPerGeneration)],
                ["window instances / largest history / average", $"{longRun.Children} / {longRun.MaxChildHistory} / {Fmt.Number(longRun.AverageChildHistory)} events", "bounded by polls per export", "-"],
                ["one history for the whole run (no ContinueAsNew) would be about", $"{Fmt.Number((double)longRun.MaxMerchantHistory / 8 * longRun.Windows, "0")} events", "-", "-"],
            ]);
    }

    private static async Task<FleetResult> RunFleetAsync(AzuriteInstance azurite, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var options = new EmulatorOptions
        {
            Merchants = BenchMerchants.Fleet("SCALE", count, TimeBlocks.StartOf(now), now, ordersPerDay: 2),
            ProcessingBase = TimeSpan.FromMilliseconds(500),
            ProcessingPerThousand = TimeSpan.Zero,
            EnforceHours = false,
            MaxConcurrentExportsPerApp = 100_000,
            MaxConcurrentExportsPerMerchant = 10,
            RateLimitPerSecond = 0,
            RateLimitConcurrent = 0,
        };
        await using var emulator = await CloverEmulatorHost.StartAsync(options);
        await using var host = await PipelineHost.StartAsync(azurite, emulator, new Dictionary<string, string?> { ["Export:Types"] = "ORDERS" });
        var instances = options.Merchants.Select(m => (m.Id, Instance: TaskNames.MerchantInstanceId(m.Id))).ToList();

        var sampler = MemorySampler.Start(TimeSpan.FromMilliseconds(50));
        var clock = Stopwatch.StartNew();
        foreach (var (id, instance) in instances)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, new MerchantExportInput(id),
                new StartOrchestrationOptions { InstanceId = instance });
        }

        var started = clock.Elapsed;
        foreach (var (id, instance) in instances)
        {
            var result = (await host.WaitAsync(instance, TimeSpan.FromMinutes(20))).ReadOutputAs<MerchantExportResult>()!;
            if (result.Totals.WindowsDone != 1)
            {
                throw new InvalidOperationException($"{id}: {result.Totals.WindowsDone} windows done, {result.Totals.WindowsFailed} failed.");
            }
        }

        var total = clock.Elapsed;
        var memory = await sampler.StopAsync();
        await sampler.DisposeAsync();

        var perMerchant = instances.Select(i => (Merchant: host.Tap.For(i.Instance), Children: host.Tap.ChildrenOf(i.Instance))).ToList();
        return new FleetResult(
            started,
            total,
            memory,
            perMerchant.Average(m => m.Merchant.MaxHistory),
            perMerchant.Average(m => m.Children.Sum(c => c.MaxHistory)),
            perMerchant.Average(m => m.Merchant.Episodes + m.Children.Sum(c => c.Episodes)),
            perMerchant.Average(m => m.Merchant.Activities + m.Children.Sum(c => c.Activities)),
            perMerchant.Average(m => m.Merchant.Timers + m.Children.Sum(c => c.Timers)),
            CloverRequests.From(emulator.Counters));
    }

    private static async Task<LongRunResult> RunLongBackfillAsync(AzuriteInstance azurite, int years)
    {
        const string merchantId = "SCALETENYEARS";
        var to = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(-1);
        var from = to.AddYears(-years).AddMilliseconds(1);
        var options = new EmulatorOptions
        {
            Merchants = [BenchMerchants.Sandbox(merchantId, from, to, ordersPerDay: 1)],
            ProcessingBase = TimeSpan.FromMilliseconds(100),
            ProcessingPerThousand = TimeSpan.Zero,
            EnforceHours = false,
        };
        await using var emulator = await CloverEmulatorHost.StartAsync(options);
        await using var host = await PipelineHost.StartAsync(azurite, emulator, PipelineHost.Polling(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)));
        var windows = WindowPlanner.Plan(ExportTypes.All, from, to, new Dictionary<ExportType, TimeRangeSet>()).Count;

        var clock = Stopwatch.StartNew();
        var metadata = await host.RunAsync(new MerchantExportInput(merchantId, ExportTypes.All, from, to), TimeSpan.FromMinutes(15));
        var wall = clock.Elapsed;
        var result = metadata.ReadOutputAs<MerchantExportResult>()!;
        if (result.Totals.WindowsDone != windows)
        {
            throw new InvalidOperationException($"Long backfill: {result.Totals.WindowsDone} of {windows} windows done.");
        }

        var instance = TaskNames.MerchantInstanceId(merchantId);
        var merchant = host.Tap.For(instance);
        var children = host.Tap.ChildrenOf(instance);
        return new LongRunResult(wall, windows, merchant.Generations, merchant.MaxHistory, children.Count,
            children.Max(c => c.MaxHistory), children.Average(c => c.MaxHistory));
    }

    private sealed record FleetResult(
        TimeSpan Start,
        TimeSpan Total,
        MemoryPeak Memory,
        double MerchantHistory,
        double ChildHistory,
        double Episodes,
        double Activities,
        double Timers,
        CloverRequests Requests);

    private sealed record LongRunResult(
        TimeSpan Wall, int Windows, int Generations, int MaxMerchantHistory, int Children, int MaxChildHistory, double AverageChildHistory);
}

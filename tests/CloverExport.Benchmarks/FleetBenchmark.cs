using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CloverExport.Benchmarks;

/// <summary>
/// Benchmark 6: a fleet of merchants under Clover's app-wide export limit and per-minute closed hours,
/// with one stuck export, run with the app-wide slot scheduler on and off (issue 12).
/// </summary>
internal sealed class FleetBenchmark(bool quick, int? merchantCount)
{
    private const int Slots = 3;
    private const int OpenSecondsPerMinute = 50;
    private const int StuckSeconds = 45;
    private const int Blocks = 3;
    private const double UtilizationTarget = 0.90;
    private const double RatioTarget = 1.15;
    private const double UnavailablePerExportTarget = 0.2;
    // The emulator's default processing model (2 s + 1 s per 1000 objects): Clover's own is minutes.
    private static readonly TimeSpan ProcessingBase = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProcessingPerThousand = TimeSpan.FromSeconds(1);

    // The scheduler's run gets room to finish (its target is 1.15 × the limit); the per-merchant
    // baseline is cut short and projected.
    private const double OnCapOfLimit = 1.6;
    private static readonly TimeSpan OffCap = TimeSpan.FromMinutes(6);
    private static readonly DateTimeOffset From = TimeBlocks.StartOf(new DateTimeOffset(2024, 1, 15, 0, 0, 0, TimeSpan.Zero));
    private static readonly DateTimeOffset To = From.Add(TimeBlocks.Length * Blocks).AddMilliseconds(-1);

    private static readonly Dictionary<string, string?> TestSpeed = new(PipelineHost.Polling(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)))
    {
        ["Export:ExportDeadline"] = "00:00:30",
        // Long enough for a window to wait its turn behind 200 merchants (the default is 2 days).
        ["Export:WindowBudget"] = "01:00:00",
        ["Clover:ConcurrencyRetryDelay"] = "00:00:01",
    };

    public async Task<ReportSection> RunAsync()
    {
        var merchants = merchantCount ?? (quick ? 10 : 200);
        await using var azurite = await AzuriteInstance.StartAsync();
        Console.Error.WriteLine($"fleet: {merchants} merchants, scheduler on ({Slots} slots)");
        var on = await RunModeAsync(azurite, merchants, Slots);
        Console.Error.WriteLine($"fleet: {merchants} merchants, scheduler off");
        var off = await RunModeAsync(azurite, merchants, 0);

        IReadOnlyList<string> Row(string measure, Func<ModeResult, string> figure, string target, Func<ModeResult, bool>? met = null) =>
            [measure, figure(on) + Verdict(on, met), figure(off) + Verdict(off, met), target];

        return new ReportSection($"6. Fleet: {merchants:N0} merchants under {Slots} app-wide slots, closed part of every minute, one stuck export")
            .Paragraph($"{merchants:N0} sandbox merchants, each {Blocks} blocks of 30 days from {From:yyyy-MM-dd} (10 orders a day), ORDERS and " +
                $"PAYMENTS: {on.Windows:N0} windows in all, every merchant's run started at once (`ScheduleNewOrchestrationInstanceAsync`, then awaited). " +
                $"Emulator: `Emulator:MaxConcurrentExportsPerApp` = {Slots}, `MaxConcurrentExportsPerMerchant` = 1, `EnforceHours` = true with " +
                $"`HoursMode` = PerMinute and `OpenSecondsPerMinute` = {OpenSecondsPerMinute} (creates refused with the structured closed-hours 503 " +
                $"carrying `nextAvailableTime` for the last {60 - OpenSecondsPerMinute} s of every minute), processing {Fmt.Ms(ProcessingBase.TotalMilliseconds)} + " +
                $"{Fmt.Ms(ProcessingPerThousand.TotalMilliseconds)} per 1000 objects, its default rate limits, and one `StuckInProgress` fault " +
                $"(the first export created stays IN_PROGRESS for {StuckSeconds} s, then finishes unread). Pipeline: polling 100 ms doubling to 10 s (`Export:PollMaxInterval`; " +
                "a window waiting for a slot asks the board again after at most a minute without a releaser's event), " +
                "`Export:ExportDeadline` = 30 s (the stuck export is given up), `Export:WindowBudget` = 1 h, `Clover:ConcurrencyRetryDelay` = 1 s. " +
                $"Both modes in the same invocation, each against a fresh emulator and container: scheduler on (`Export:MaxExportsInFlightPerApp` = {Slots}) " +
                "and off (`Export:MaxExportsInFlightPerApp` = 0: each merchant creates on its own and retries Clover's 503s).")
            .Paragraph($"How measured: **slot utilization** = the emulator's `exportBusyMs` (Σ over exports of create → DONE/FAILED; includes the stuck " +
                $"export's {StuckSeconds} s) ÷ ({Slots} slots × open time), open time = the open seconds of every minute between the first start and the " +
                $"last completion. **Limit** = Σ processing (base + per-thousand × the window's ground-truth objects, over all windows) ÷ {Slots} slots × " +
                $"60 / {OpenSecondsPerMinute} (stretched by the closed part of each minute). **503s per export** = (`concurrencyResponses` + " +
                "`closedHoursResponses`) ÷ exports created. **Orphaned** = the emulator's `orphanedExports` (DONE but never read as DONE, or files not " +
                "all downloaded) minus the one deliberately stuck export. **Exactly once** = for every merchant and type, the ids in the parts listed " +
                "by the stored manifests (`StoredExports.StoredIdsAsync`) against the emulator's ground truth for the range. " +
                $"The scheduler's run is capped at {OnCapOfLimit} × the limit, the per-merchant run at {OffCap.TotalMinutes:0} min: a mode still running then " +
                "is reported with its figures over the capped time and its wall time projected from the windows it committed (manifests stored).")
            .Table(["measure", "scheduler on", "scheduler off (per merchant)", "target"],
            [
                Row("windows committed", m => $"{m.Committed:N0} of {m.Windows:N0}" + (m.Finished ? string.Empty : $" (**capped** at {Fmt.Seconds(m.Cap)})"), "all"),
                Row("wall time (first start → last completion, or the cap)", m => Fmt.Seconds(m.Wall), "-"),
                Row("open time / limit", m => $"{Fmt.Seconds(m.Open)} / {Fmt.Seconds(m.Limit)}", "-"),
                Row("slot utilization", m => Percent(m.Utilization), $"≥ {UtilizationTarget:P0}", m => m.Utilization >= UtilizationTarget),
                Row("wall time ÷ limit (capped: projected at its commit rate)", m => (m.Finished ? string.Empty : "≈ ") + Fmt.Ratio(m.ProjectedWall / m.Limit),
                    $"≤ {RatioTarget:0.00}", m => m.Finished && m.Wall / m.Limit <= RatioTarget),
                Row("Clover 503s per export (concurrency + closed hours)", m => $"{Fmt.Ratio(m.UnavailablePerExport)} ({m.Concurrency:N0} + {m.Closed:N0} over {m.Exports:N0} exports)",
                    $"≤ {UnavailablePerExportTarget:0.0}", m => m.UnavailablePerExport <= UnavailablePerExportTarget),
                Row("orphaned exports (besides the stuck one)", m => $"{m.Orphaned - 1} ({m.Orphaned} in all)", "0", m => m.Orphaned - 1 == 0),
                Row("every object exactly once", m => $"{m.Missing:N0} missing{(m.Finished ? string.Empty : " (not all windows ran)")}, {m.Duplicates:N0} duplicated, {m.Unexpected:N0} unexpected of {m.Objects:N0}",
                    "0 / 0 / 0", m => m.Missing + m.Duplicates + m.Unexpected == 0),
                Row("merchant runs completed / with failures", m => $"{m.Completed} / {m.WithFailures}", $"{merchants} / 0"),
                Row("exports given up (deadline)", m => m.Abandoned.ToString(CultureInfo.InvariantCulture), "1"),
                Row("peak exports in flight app-wide (Clover's count)", m => m.PeakApp.ToString(CultureInfo.InvariantCulture), $"≤ {Slots}"),
                Row("Clover requests per export", m => m.Requests.Describe(), "-"),
            ]);
    }

    private static string Verdict(ModeResult mode, Func<ModeResult, bool>? met) => met is null ? string.Empty : " — " + Fmt.Verdict(met(mode));

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static async Task<ModeResult> RunModeAsync(AzuriteInstance azurite, int count, int appSlots)
    {
        var options = new EmulatorOptions
        {
            Merchants = BenchMerchants.Fleet("FLEET", count, From, To, ordersPerDay: 10),
            ProcessingBase = ProcessingBase,
            ProcessingPerThousand = ProcessingPerThousand,
            EnforceHours = true,
            HoursMode = HoursMode.PerMinute,
            OpenSecondsPerMinute = OpenSecondsPerMinute,
            MaxConcurrentExportsPerApp = Slots,
            MaxConcurrentExportsPerMerchant = 1,
        };
        await using var emulator = await CloverEmulatorHost.StartAsync(options);
        emulator.AddFault(new EmulatorFault { Kind = EmulatorFaultKind.StuckInProgress, Count = 1, DurationSeconds = StuckSeconds });
        var settings = new Dictionary<string, string?>(TestSpeed) { ["Export:MaxExportsInFlightPerApp"] = appSlots.ToString(CultureInfo.InvariantCulture) };
        await using var host = await PipelineHost.StartAsync(azurite, emulator, settings);
        var merchants = options.Merchants.Select(m => (m.Id, Instance: TaskNames.MerchantInstanceId(m.Id))).ToList();
        var windows = WindowPlanner.Plan(ExportTypes.All, From, To, new Dictionary<ExportType, TimeRangeSet>());
        var processing = merchants.Aggregate(TimeSpan.Zero, (sum, m) => sum + ProcessingTime.Sum(emulator, m.Id, windows, ProcessingBase, ProcessingPerThousand));
        var limit = processing / Slots * (60.0 / OpenSecondsPerMinute);
        var capAfter = appSlots > 0 ? limit * OnCapOfLimit : (OffCap < limit ? OffCap : limit);

        var startedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        foreach (var (id, instance) in merchants)
        {
            await host.Client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, new MerchantExportInput(id, ExportTypes.All, From, To),
                new StartOrchestrationOptions { InstanceId = instance });
        }

        var results = await WaitAsync(host, merchants.Select(m => m.Instance).ToList(), capAfter);
        var wall = clock.Elapsed;
        var counters = emulator.Counters;
        var open = OpenTime(startedAt, startedAt + wall);
        var (objects, missing, duplicates, unexpected, committed) = await CheckStoreAsync(host, emulator, merchants.Select(m => m.Id).ToList());

        return new ModeResult(
            windows.Count * count,
            committed,
            wall,
            open,
            limit,
            capAfter,
            counters.ExportBusyMs / (Slots * open.TotalMilliseconds),
            counters.ExportsCreated,
            counters.ConcurrencyResponses,
            counters.ClosedHoursResponses,
            counters.OrphanedExports,
            counters.PeakConcurrentExportsApp,
            results.Count(r => r.Status == MerchantExportStatus.Completed),
            results.Count(r => r.Status != MerchantExportStatus.Completed),
            results.Sum(r => r.Totals.ExportsAbandoned),
            objects,
            missing,
            duplicates,
            unexpected,
            CloverRequests.From(counters));
    }

    /// <summary>The runs' results; a mode that cannot finish within the cap is reported as such, with its figures over the capped time.</summary>
    private static async Task<List<MerchantExportResult>> WaitAsync(PipelineHost host, List<string> instances, TimeSpan capAfter)
    {
        var results = new List<MerchantExportResult>();
        using var cap = new CancellationTokenSource(capAfter);
        try
        {
            foreach (var instance in instances)
            {
                var metadata = await host.Client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, cap.Token);
                results.Add(metadata.ReadOutputAs<MerchantExportResult>()!);
            }
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"fleet: capped at {capAfter}, {results.Count} of {instances.Count} merchant runs finished");
        }

        return results;
    }

    /// <summary>The store against the emulator's ground truth: objects expected, missing, stored twice, not expected; and complete windows.</summary>
    private static async Task<(long Objects, long Missing, long Duplicates, long Unexpected, int Committed)> CheckStoreAsync(
        PipelineHost host, CloverEmulatorHost emulator, List<string> merchantIds)
    {
        long objects = 0, missing = 0, duplicates = 0, unexpected = 0;
        var committed = 0;
        foreach (var id in merchantIds)
        {
            foreach (var type in ExportTypes.All)
            {
                var stored = await StoredExports.StoredIdsAsync(host.Container, id, type);
                var truth = emulator.GroundTruth(id, type.ToWireName(), From.ToUnixTimeMilliseconds(), To.ToUnixTimeMilliseconds());
                objects += truth.Count;
                duplicates += stored.Count - stored.Distinct().Count();
                missing += truth.Except(stored).Count();
                unexpected += stored.Except(truth).Count();
            }

            committed += await StoredExports.CommittedWindowsAsync(host.Container, id);
        }

        return (objects, missing, duplicates, unexpected, committed);
    }

    /// <summary>The part of [start, end) that falls in the first <see cref="OpenSecondsPerMinute"/> seconds of a UTC minute.</summary>
    private static TimeSpan OpenTime(DateTimeOffset start, DateTimeOffset end)
    {
        var open = TimeSpan.Zero;
        for (var minute = start.AddTicks(-(start.UtcTicks % TimeSpan.TicksPerMinute)); minute < end; minute = minute.AddMinutes(1))
        {
            var from = start > minute ? start : minute;
            var until = minute.AddSeconds(OpenSecondsPerMinute) < end ? minute.AddSeconds(OpenSecondsPerMinute) : end;
            open += until > from ? until - from : TimeSpan.Zero;
        }

        return open;
    }

    private sealed record ModeResult(
        int Windows,
        int Committed,
        TimeSpan Wall,
        TimeSpan Open,
        TimeSpan Limit,
        TimeSpan Cap,
        double Utilization,
        long Exports,
        long Concurrency,
        long Closed,
        int Orphaned,
        int PeakApp,
        int Completed,
        int WithFailures,
        int Abandoned,
        long Objects,
        long Missing,
        long Duplicates,
        long Unexpected,
        CloverRequests Requests)
    {
        public bool Finished => Committed == Windows;

        /// <summary>Wall time, or for a capped run the wall time at the rate it committed windows.</summary>
        public TimeSpan ProjectedWall => Committed == 0 ? TimeSpan.MaxValue : Wall * ((double)Windows / Committed);

        public double UnavailablePerExport => Exports == 0 ? 0 : (double)(Concurrency + Closed) / Exports;
    }
}

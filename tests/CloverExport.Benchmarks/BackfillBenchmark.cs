using Microsoft.DurableTask.Client;

namespace CloverExport.Benchmarks;

/// <summary>
/// Benchmark 2: an end-to-end backfill of one merchant against the emulator's processing times,
/// compared with the lower limit (Clover's processing, one export at a time, plus the last copy)
/// and with a sequential create-poll-download baseline.
/// </summary>
internal sealed class BackfillBenchmark(bool quick)
{
    private const string MerchantId = "BENCHBACKFIL1";
    private const double RatioTarget = 1.15;
    private static readonly TimeSpan ProcessingBase = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProcessingPerThousand = TimeSpan.FromSeconds(0.5);
    private static readonly DateTimeOffset From = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly (TimeSpan Initial, TimeSpan Max) DefaultPoll = (TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));

    public async Task<ReportSection> RunAsync()
    {
        var to = (quick ? From.AddMonths(2) : From.AddYears(1)).AddMilliseconds(-1);
        // On disk: the runs below store about a gigabyte in all.
        await using var azurite = await AzuriteInstance.StartAsync(inMemory: false);

        Console.Error.WriteLine("backfill: pipeline");
        var pipeline = await RunPipelineAsync(azurite, to, DefaultPoll);
        Console.Error.WriteLine("backfill: sequential baseline");
        var baseline = await RunBaselineAsync(azurite, to, DefaultPoll);

        var lastCopy = baseline.Windows[^1].Copy;
        var limit = pipeline.Processing + lastCopy;
        var copyShare = baseline.Windows.Aggregate(TimeSpan.Zero, (sum, w) => sum + w.Copy);
        var pipelineRatio = pipeline.Wall / limit;
        var gain = baseline.Wall - pipeline.Wall;
        var rows = new List<IReadOnlyList<string>>
        {
            Row("pipeline (embedded engine)", pipeline.Wall, limit, pipeline.Requests, $"≤ {RatioTarget:0.00} × limit", pipelineRatio <= RatioTarget),
            Row("sequential baseline", baseline.Wall, limit, baseline.Requests, "-", null),
        };

        var section = new ReportSection("2. End-to-end backfill: one merchant, both types")
            .Paragraph($"One sandbox merchant, {(quick ? "2 months" : "one year")} from {From:yyyy-MM-dd} (30 orders a day; files padded to about 17 KB per object, about 15 MB per window, " +
                $"so that copying is a visible share), ORDERS and PAYMENTS: {pipeline.Windows} windows. Emulator processing per export = " +
                $"{ProcessingBase.TotalSeconds:0.#} s + {ProcessingPerThousand.TotalSeconds:0.#} s per 1000 objects. " +
                $"Polling {DefaultPoll.Initial.TotalMilliseconds:0} ms doubling to {DefaultPoll.Max.TotalSeconds:0.##} s " +
                "(`Export:PollInitialInterval` / `Export:PollMaxInterval`; the baseline polls on the same schedule). " +
                "One export in flight (`Export:MaxExportsInFlightPerMerchant` = 1).")
            .Paragraph($"**Limit** = sum of the emulator's processing times of all exports ({Fmt.Seconds(pipeline.Processing)}) " +
                $"+ the last window's copy as the baseline measured it ({Fmt.Seconds(lastCopy)}) = {Fmt.Seconds(limit)}. " +
                "Requests per export are the emulator's counters (creates, status GETs — including the copy activity's one " +
                "status call per file to fetch the signed link — and file GETs) divided by exports created.")
            .Table(["run", "wall time", "limit", "wall / limit", "Clover requests per export", "target", "verdict"], rows)
            .Paragraph($"Pipeline vs. baseline: {Fmt.Seconds(gain)} faster; the baseline spent {Fmt.Seconds(copyShare)} copying " +
                $"(the download share; the pipeline overlaps all copies but the last with the next export, so the expected gain is " +
                $"{Fmt.Seconds(copyShare - lastCopy)}). Target: faster by the download share — " +
                Fmt.Verdict(gain >= (copyShare - lastCopy) * 0.9) + " (within 10%). " +
                $"Overshoot over the limit: pipeline {Fmt.Ms((pipeline.Wall - limit).TotalMilliseconds / pipeline.Windows)} per export, " +
                $"baseline {Fmt.Ms((baseline.Wall - limit - copyShare + lastCopy).TotalMilliseconds / pipeline.Windows)} per export (beyond its copies).");

        if (!quick)
        {
            await SweepPollIntervalsAsync(azurite, lastCopy, section);
        }

        return section;
    }

    /// <summary>The same two months at several poll schedules: how the poll interval shows up as overshoot per export.</summary>
    private static async Task SweepPollIntervalsAsync(AzuriteInstance azurite, TimeSpan lastCopy, ReportSection section)
    {
        Console.Error.WriteLine("backfill: poll interval sweep");
        var sweepTo = From.AddMonths(2).AddMilliseconds(-1);
        var sweep = new List<IReadOnlyList<string>>();
        foreach (var poll in new[]
        {
            (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400)),
            DefaultPoll,
            (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)),
            (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(8)),
        })
        {
            var run = await RunPipelineAsync(azurite, sweepTo, poll);
            var sweepLimit = run.Processing + lastCopy;
            sweep.Add([
                $"{poll.Item1.TotalSeconds:0.###} s → {poll.Item2.TotalSeconds:0.###} s",
                Fmt.Seconds(run.Wall),
                Fmt.Seconds(sweepLimit),
                Fmt.Ratio(run.Wall / sweepLimit),
                Fmt.Ms((run.Wall - sweepLimit).TotalMilliseconds / run.Windows),
                Fmt.Number((double)run.Requests.StatusGets / run.Requests.Exports),
            ]);
        }

        section.Paragraph($"Poll interval vs. overshoot (pipeline, 2 months = {sweep.Count} runs of the same windows; limit uses the " +
                "one-year run's last-copy time, which is the same size of window):")
            .Table(["poll initial → max", "wall time", "limit", "wall / limit", "overshoot per export", "status GETs per export"], sweep);
    }

    private static IReadOnlyList<string> Row(string name, TimeSpan wall, TimeSpan limit, CloverRequests requests, string target, bool? met) =>
        [name, Fmt.Seconds(wall), Fmt.Seconds(limit), Fmt.Ratio(wall / limit), requests.Describe(), target, met is { } m ? Fmt.Verdict(m) : "-"];

    private static EmulatorOptions Emulator(DateTimeOffset to) => new()
    {
        Merchants = [BenchMerchants.Sandbox(MerchantId, From, to, ordersPerDay: 30, seed: 11)],
        ProcessingBase = ProcessingBase,
        ProcessingPerThousand = ProcessingPerThousand,
        EnforceHours = false,
        FilePaddingBytes = 16 * 1024,
    };

    private static IReadOnlyList<ExportWindow> Windows(DateTimeOffset to) =>
        WindowPlanner.Plan(ExportTypes.All, From, to, new Dictionary<ExportType, TimeRangeSet>());

    private static async Task<(TimeSpan Wall, TimeSpan Processing, int Windows, CloverRequests Requests)> RunPipelineAsync(
        AzuriteInstance azurite, DateTimeOffset to, (TimeSpan Initial, TimeSpan Max) poll)
    {
        await using var emulator = await CloverEmulatorHost.StartAsync(Emulator(to));
        await using var host = await PipelineHost.StartAsync(azurite, emulator, PipelineHost.Polling(poll.Initial, poll.Max));
        var clock = Stopwatch.StartNew();
        var metadata = await host.RunAsync(new MerchantExportInput(MerchantId, ExportTypes.All, From, to), TimeSpan.FromMinutes(15));
        var wall = clock.Elapsed;
        var result = metadata.ReadOutputAs<MerchantExportResult>()!;
        if (result.Status != MerchantExportStatus.Completed)
        {
            throw new InvalidOperationException($"Backfill ended {result.Status}: {string.Join("; ", result.Totals.Failures.Select(f => f.Reason))}");
        }

        var windows = Windows(to);
        return (wall, ProcessingTime.Sum(emulator, MerchantId, windows, ProcessingBase, ProcessingPerThousand), windows.Count, CloverRequests.From(emulator.Counters));
    }

    private static async Task<(TimeSpan Wall, IReadOnlyList<BaselineWindow> Windows, CloverRequests Requests)> RunBaselineAsync(
        AzuriteInstance azurite, DateTimeOffset to, (TimeSpan Initial, TimeSpan Max) poll)
    {
        await using var emulator = await CloverEmulatorHost.StartAsync(Emulator(to));
        await using var services = PipelineHost.Services(emulator, azurite);
        var baseline = new SequentialBaseline(services.GetRequiredService<ICloverExportClient>(), services.GetRequiredService<ExportFileCopier>(), poll.Initial, poll.Max);
        var clock = Stopwatch.StartNew();
        var windows = await baseline.RunAsync(MerchantId, Windows(to), CancellationToken.None);
        return (clock.Elapsed, windows, CloverRequests.From(emulator.Counters));
    }
}

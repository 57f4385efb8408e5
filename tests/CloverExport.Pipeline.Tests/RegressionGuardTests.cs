using System.Globalization;
using System.Text.RegularExpressions;
using CloverExport.Core.Storage;
using Xunit.Abstractions;

namespace CloverExport.Pipeline.Tests;

/// <summary>
/// Guards what docs/benchmarks.md measured, without timing anything: how many requests Clover gets
/// per export, how much engine work (activities, timers, history) a window costs, and how much
/// memory a big file's copy holds. Runs alone (no parallel tests) so the memory probe sees only its copy.
/// </summary>
[Collection(nameof(RegressionGuardTests))]
[CollectionDefinition(nameof(RegressionGuardTests), DisableParallelization = true)]
public partial class RegressionGuardTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    /// <summary>
    /// Polls an export may need: the emulator finishes an export here in about 110 ms and the harness polls
    /// at 100, 300, 700 ms…, so two polls see it DONE; two more absorb a slow machine.
    /// </summary>
    private const int MaxPollsPerExport = 4;

    private const long MemoryBoundBytes = 64L * 1024 * 1024;

    private static readonly DateTimeOffset From = Scenario.DataStart;
    private static readonly DateTimeOffset To = From.AddDays(89).AddMilliseconds(-1);

    [Fact]
    public async Task A_small_backfill_asks_Clover_one_create_a_few_polls_and_each_file_once_per_export()
    {
        var merchant = Scenario.Merchant("GUARDREQUEST1", From, To.AddDays(2), ordersPerDay: 40);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, From, To));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        var windows = result.Totals.WindowsDone;
        var files = result.Totals.Files;
        Assert.True(files > windows, "40 orders a day make windows of more than one file");
        var counters = harness.Emulator.Counters;
        var creates = Requests(counters, "POST /v3/");
        var statusGets = Requests(counters, "GET /v3/");
        var fileGets = Requests(counters, "GET /files/");

        // One export per window, every create accepted, every file downloaded exactly once.
        Assert.Equal(windows, counters.ExportsCreated);
        Assert.Equal(counters.ExportsCreated, creates);
        Assert.Equal(files, fileGets);

        // Status reads: the polls (backing off) plus one per window, where the copy fetches the signed links.
        Assert.InRange(statusGets, 2 * windows, (windows * MaxPollsPerExport) + windows);
        var perExport = (double)(creates + statusGets + fileGets) / counters.ExportsCreated;
        output.WriteLine($"{windows} exports, {files} files: {creates} creates, {statusGets} status GETs, {fileGets} file GETs = {perExport:0.0} per export");
        var bound = 1 + MaxPollsPerExport + (2.0 * files / windows);
        Assert.True(perExport <= bound, $"{perExport:0.0} Clover requests per export, bound {bound:0.0}");
    }

    [Fact]
    public async Task A_window_costs_a_bounded_number_of_activities_timers_and_history_events()
    {
        var merchant = Scenario.Merchant("GUARDENGINE01", From, To.AddDays(2), ordersPerDay: 12);
        const int windowsPerGeneration = 2;
        await using var harness = await WithWorkerDebugLogAsync(() => PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant), new Dictionary<string, string?>
        {
            ["Export:WindowsPerGeneration"] = windowsPerGeneration.ToString(CultureInfo.InvariantCulture),
        }));

        var (result, instanceId) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, From, To));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        var windows = result.Totals.WindowsDone;
        Assert.True(windows > 2 * windowsPerGeneration, "the range needs several generations");
        var engine = EngineWork.FromLogs(harness.Logs.Lines(), instanceId);

        // The worker logs every orchestrator episode (with its history size) and every activity it runs.
        var generations = engine.Merchant.Generations;
        Assert.Equal((windows + windowsPerGeneration - 1) / windowsPerGeneration, generations);
        Assert.Equal(windows, engine.Children.Count);

        // Per window: slot, create, polls, release (window instance); copy and commit (merchant instance). Plus a plan per generation.
        var activities = engine.Merchant.Activities + engine.Children.Sum(c => c.Activities);
        Assert.InRange(activities, (6 * windows) + generations, (windows * (4 + MaxPollsPerExport)) + generations);
        var timers = engine.Merchant.Timers + engine.Children.Sum(c => c.Timers);
        output.WriteLine($"{windows} windows, {generations} generations: {activities} activities, {timers} timers, " +
            $"history ≤ {engine.Merchant.MaxHistory} (merchant), ≤ {engine.Children.Max(c => c.MaxHistory)} (window)");
        Assert.InRange(timers, windows, windows * MaxPollsPerExport);

        // History stays per generation (ContinueAsNew): without it the merchant history would grow with every window.
        Assert.True(engine.Merchant.MaxHistory <= 10 + (20 * windowsPerGeneration),
            $"merchant history reached {engine.Merchant.MaxHistory} events in a generation of {windowsPerGeneration} windows");
        Assert.All(engine.Children, c => Assert.True(c.MaxHistory <= 14 + (8 * MaxPollsPerExport), $"window history reached {c.MaxHistory} events"));
    }

    [Fact]
    public async Task Copying_a_100_MB_file_holds_far_less_than_the_file_in_memory()
    {
        var window = new ExportWindow(ExportType.Orders, TimeBlocks.StartOf(From.AddDays(40)), TimeBlocks.EndOf(From.AddDays(40)));
        var merchant = Scenario.Merchant("GUARDMEMORY01", window.Start.AddDays(-1), window.End.AddDays(2), ordersPerDay: 60);
        var options = Scenario.Emulator(merchant);
        options.ObjectsPerFile = 1000;
        options.FilePaddingBytes = 100_000;
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, options);
        var clover = harness.Engine.Services.GetRequiredService<ICloverExportClient>();
        var copier = harness.Engine.Services.GetRequiredService<ExportFileCopier>();
        var job = await ExportDoneAsync(clover, merchant.Id, window);

        CopiedFile? copied = null;
        var streaming = await PeakLiveGrowthAsync(async () => copied = await copier.CopyAsync(merchant.Id, window, job.Id, 0, CancellationToken.None));

        Assert.NotNull(copied);
        Assert.Equal(1000, copied.Objects);
        Assert.True(copied.ContentBytes >= 100_000_000, $"the file has {copied.ContentBytes} bytes");
        Assert.True(streaming < MemoryBoundBytes, $"the copy held {streaming / 1e6:0.0} MB of managed memory at its peak");

        // The probe can fail: a copy that buffers the file first holds more than the bound.
        var buffering = await PeakLiveGrowthAsync(async () =>
        {
            await using var file = await clover.OpenFileAsync(job.FileUrls[0], CancellationToken.None);
            using var whole = new MemoryStream();
            await file.Content.CopyToAsync(whole);
            await harness.Container.GetBlobClient("buffered-copy.json").UploadAsync(new BinaryData(whole.GetBuffer().AsMemory(0, (int)whole.Length)), overwrite: true);
        });
        output.WriteLine($"{copied.ContentBytes / 1e6:0.0} MB file: streaming copy held {streaming / 1e6:0.0} MB, buffering {buffering / 1e6:0.0} MB");
        Assert.True(buffering > MemoryBoundBytes, $"buffering the file held only {buffering / 1e6:0.0} MB");
    }

    /// <summary>
    /// The worker logs each episode's history size and actions at Debug, but the engine's host reads its log
    /// levels from configuration (an appsettings.json in the output sets Information). Its environment
    /// variables are configuration too, read once when the host is built; this class runs alone, so no other
    /// harness sees the variable.
    /// </summary>
    private static async Task<PipelineHarness> WithWorkerDebugLogAsync(Func<Task<PipelineHarness>> start)
    {
        const string variable = "Logging__LogLevel__Microsoft.DurableTask.Worker.Grpc";
        Environment.SetEnvironmentVariable(variable, "Debug");
        try
        {
            return await start();
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    private static long Requests(EmulatorCounters counters, string routePrefix) =>
        counters.Requests.Where(r => r.Route.StartsWith(routePrefix, StringComparison.Ordinal)).Sum(r => r.Count);

    private static async Task<CloverExportJob> ExportDoneAsync(ICloverExportClient clover, string merchantId, ExportWindow window)
    {
        var job = await clover.CreateExportAsync(merchantId, window.Type, window.Start, window.End);
        while (!job.IsTerminal)
        {
            await Task.Delay(50);
            job = await clover.GetExportAsync(merchantId, job.Id);
        }

        Assert.Equal(CloverExportStatus.Done, job.Status);
        return job;
    }

    /// <summary>
    /// The most managed memory held (live, not garbage) above the starting point while <paramref name="body"/> runs:
    /// a full collection every 20 ms, then the heap size.
    /// </summary>
    private static async Task<long> PeakLiveGrowthAsync(Func<Task> body)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false) - baseline);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        await body();
        await stop.CancelAsync();
        await sampler;
        return peak;
    }

    /// <summary>Engine work of one instance, read from the Durable Task worker's debug log.</summary>
    private sealed record InstanceWork(int Generations, int MaxHistory, int Activities, int Timers);

    /// <summary>A merchant run's instance and its window sub-orchestrations (ids start with the run's id and a colon).</summary>
    private sealed partial record EngineWork(InstanceWork Merchant, IReadOnlyList<InstanceWork> Children)
    {
        public static EngineWork FromLogs(IEnumerable<string> lines, string instanceId)
        {
            var work = new Dictionary<string, (int Generations, int MaxHistory, int Activities, int Timers)>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                if (Episode().Match(line) is { Success: true } episode)
                {
                    var current = work.GetValueOrDefault(episode.Groups["id"].Value);
                    var past = int.Parse(episode.Groups["past"].Value, CultureInfo.InvariantCulture);
                    var history = past + int.Parse(episode.Groups["new"].Value, CultureInfo.InvariantCulture);
                    work[episode.Groups["id"].Value] = current with
                    {
                        Generations = current.Generations + (past == 0 ? 1 : 0),
                        MaxHistory = Math.Max(current.MaxHistory, history),
                    };
                }
                else if (Activity().Match(line) is { Success: true } activity)
                {
                    var current = work.GetValueOrDefault(activity.Groups["id"].Value);
                    work[activity.Groups["id"].Value] = current with { Activities = current.Activities + 1 };
                }
                else if (Actions().Match(line) is { Success: true } actions)
                {
                    var current = work.GetValueOrDefault(actions.Groups["id"].Value);
                    work[actions.Groups["id"].Value] = current with { Timers = current.Timers + TimerCount(actions.Groups["actions"].Value) };
                }
            }

            Assert.True(work.ContainsKey(instanceId), "the worker's debug log has no episode of the run (log format changed?)");
            static InstanceWork Of((int Generations, int MaxHistory, int Activities, int Timers) w) => new(w.Generations, w.MaxHistory, w.Activities, w.Timers);
            return new EngineWork(
                Of(work[instanceId]),
                [.. work.Where(w => w.Key.StartsWith(instanceId + ":", StringComparison.Ordinal)).Select(w => Of(w.Value))]);
        }

        /// <summary>Timers in the worker's action list, e.g. "[ScheduleTask x1, CreateTimer x2]".</summary>
        private static int TimerCount(string actions) =>
            actions.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(a => a.Contains("CreateTimer", StringComparison.Ordinal))
                .Sum(a => Multiplier().Match(a) is { Success: true } m ? int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : 1);

        [GeneratedRegex(@" (?<id>\S+): Received request to run orchestrator '[^']+' with (?<past>\d+) replay and (?<new>\d+) new history events")]
        private static partial Regex Episode();

        [GeneratedRegex(@" (?<id>\S+): Received request to run activity '")]
        private static partial Regex Activity();

        [GeneratedRegex(@" (?<id>\S+): Sending \d+ action\(s\) \[(?<actions>[^\]]*)\]")]
        private static partial Regex Actions();

        [GeneratedRegex(@" x(?<n>\d+)$")]
        private static partial Regex Multiplier();
    }
}

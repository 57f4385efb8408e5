using System.Text.RegularExpressions;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>
/// How much the host logs (host and worker lines together, as an operator reads them): an idle host
/// stays quiet, a start warns about nothing, and a run logs a bounded number of lines per window.
/// Bounds on counts, never on time.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class HostLogVolumeTests(HostTestEnvironment environment)
{
    /// <summary>Lines an idle host may write in <see cref="IdlePeriod"/> (queue polling, lease renewals and the like).</summary>
    private const int MaxIdleLines = 10;

    /// <summary>
    /// Console lines (two per entry) a run may write per window: the Durable extension's started,
    /// completed and awaited line of every activity and orchestrator episode, the pipeline's own step
    /// lines, a few polls. Before host.json and the worker filters were set it was about 180.
    /// </summary>
    private const int MaxLinesPerWindow = 100;

    private static readonly TimeSpan IdlePeriod = TimeSpan.FromSeconds(15);

    [FunctionsHostFact]
    public async Task An_idle_host_is_quiet_its_start_warns_about_nothing_and_a_run_logs_a_bounded_number_of_lines_per_window()
    {
        var merchant = HostTestMerchants.LogRun;
        var settings = environment.Settings("logs", HostTestMerchants.Configured(merchant));
        await using var host = await environment.StartHostAsync(settings);

        var startLines = host.Lines();
        Assert.DoesNotContain(startLines, l => l.Contains("Distributed Tracing", StringComparison.Ordinal));
        // Warnings at start only from the Azure SDK (a fresh task hub answers 404 until its containers exist).
        Assert.DoesNotContain(startLines, l => l.StartsWith("fail:", StringComparison.Ordinal) || (l.StartsWith("warn:", StringComparison.Ordinal) && !l.StartsWith("warn: Azure.Core[", StringComparison.Ordinal)));

        var idleFrom = host.LineCount;
        await Task.Delay(IdlePeriod);
        var idle = host.Lines(idleFrom);
        Assert.True(idle.Count <= MaxIdleLines, $"{idle.Count} lines in {IdlePeriod.TotalSeconds} s of an idle host:\n{string.Join('\n', idle.Take(80))}");

        var runFrom = host.LineCount;
        await HostHttp.StartExportAsync(host.Api, $$"""{"merchantId":"{{merchant.Id}}","from":"2024-01-01","to":"2024-02-01"}""");
        var finished = await HostHttp.WaitForRunAsync(host.Api, merchant.Id, TimeSpan.FromMinutes(2));
        Assert.Equal("Completed", finished.GetProperty("state").GetString());
        // Let the last lines of the run arrive.
        await Task.Delay(TimeSpan.FromSeconds(2));

        var run = host.Lines(runFrom);
        var windows = finished.GetProperty("progress").GetProperty("windowsDone").GetInt32();
        Assert.True(windows >= 2);
        Assert.True(run.Count <= MaxLinesPerWindow * windows, $"{run.Count} lines for {windows} windows:\n{string.Join("\n", run.Take(150))}");
        // No per-request logging of the HTTP client (Clover calls) or the Azure SDK.
        Assert.DoesNotContain(run, l => HttpClientLogLine().IsMatch(l));
        // An operator still sees each window step.
        Assert.Contains(run, l => l.Contains("ORDERS", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"System\.Net\.Http\.HttpClient|Azure\.Core|Sending HTTP request|Received HTTP response")]
    private static partial Regex HttpClientLogLine();
}

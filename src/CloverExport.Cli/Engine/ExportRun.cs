using CloverExport.Cli.Progress;
using CloverExport.Cli.Telemetry;
using CloverExport.Core.Orchestration;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Cli.Engine;

/// <summary>The shared path of <c>run</c>, <c>export</c> and <c>demo</c>: engine up, runs started and followed, summary printed.</summary>
internal static class ExportRun
{
    public const string CompletenessReminder =
        "Only windows with a manifest.json are complete; folders without one are ignored by readers and exported again by the next run.";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(400);

    public static async Task<SessionResult> RunAsync(
        CliConsole console,
        IConfigurationRoot configuration,
        bool verbose,
        Func<ExportEngine, CancellationToken, Task<IReadOnlyList<MerchantExportInput>>> plan,
        CancellationToken cancellationToken,
        bool printMetrics = false)
    {
        using var telemetry = CliTelemetry.Start(configuration, printMetrics);
        await using var engine = await ExportEngine.StartAsync(configuration, verbose, cancellationToken);
        var inputs = await plan(engine, cancellationToken);
        IProgressView view = console.Terminal is { } terminal ? new LiveProgressView(terminal) : new PlainProgressView(console.Out, TimeProvider.System);
        var result = await new ExportSession(engine.Client, TimeProvider.System, PollInterval).RunAsync(inputs, view, cancellationToken);
        SummaryView.Write(console, result.Merchants, result.Duration);
        telemetry.WriteSummary(console.Out);
        if (result.Cancelled)
        {
            console.Out.WriteLine("Stopped: no new exports or copies were started, and the engine was shut down.");
            console.Out.WriteLine(CompletenessReminder);
        }

        return result;
    }

    /// <summary>The exit code of a session, with its one-line reason on stderr when it is not a success.</summary>
    public static int ExitCode(CliConsole console, SessionResult result)
    {
        if (result.Cancelled)
        {
            console.Error.WriteLine("error: stopped by Ctrl+C before every run finished.");
            return ExitCodes.Cancelled;
        }

        if (result.AllSucceeded)
        {
            return ExitCodes.Success;
        }

        var failedWindows = result.Merchants.Sum(m => m.Totals.WindowsFailed);
        var failedRuns = result.Merchants.Count(m => m.Error is not null || m.Result?.Status == MerchantExportStatus.Rejected);
        console.Error.WriteLine($"error: {failedWindows} windows failed and {failedRuns} runs did not complete (see the failures above); the next run retries them.");
        return ExitCodes.Failure;
    }
}

using System.Diagnostics;
using CloverExport.Cli.Progress;
using CloverExport.Core.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CloverExport.Cli.Engine;

/// <summary>The end of a session: every merchant's last snapshot, and whether Ctrl+C cut it short.</summary>
internal sealed record SessionResult(IReadOnlyList<MerchantSnapshot> Merchants, TimeSpan Duration, bool Cancelled)
{
    public bool AllSucceeded => !Cancelled && Merchants.All(m =>
        m.Error is null && m.Result is { Status: MerchantExportStatus.Completed, Totals.WindowsFailed: 0 });
}

/// <summary>
/// Starts merchant runs on the engine (all at once, each under its merchant's instance id, exactly
/// like the timer does) and follows their custom status until every run has ended.
/// </summary>
internal sealed class ExportSession(DurableTaskClient client, TimeProvider time, TimeSpan pollInterval)
{
    public async Task<SessionResult> RunAsync(IReadOnlyList<MerchantExportInput> inputs, IProgressView view, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var merchants = inputs.Select(i => new MerchantSnapshot(i.MerchantId, TaskNames.MerchantInstanceId(i.MerchantId), "starting", null, [], TimeSpan.Zero)).ToList();
        var started = new List<string>();
        try
        {
            foreach (var input in inputs)
            {
                var instanceId = TaskNames.MerchantInstanceId(input.MerchantId);
                await client.ScheduleNewOrchestrationInstanceAsync(
                    TaskNames.MerchantExport, input, new StartOrchestrationOptions { InstanceId = instanceId }, cancellationToken);
                started.Add(instanceId);
            }

            await view.ShowAsync(async report =>
            {
                while (true)
                {
                    for (var i = 0; i < merchants.Count; i++)
                    {
                        if (!merchants[i].Finished)
                        {
                            merchants[i] = await ReadAsync(merchants[i], clock.Elapsed, cancellationToken);
                        }
                    }

                    report(merchants);
                    if (merchants.All(m => m.Finished))
                    {
                        return true;
                    }

                    await Task.Delay(pollInterval, time, cancellationToken);
                }
            });
            return new SessionResult(merchants, clock.Elapsed, Cancelled: false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await StopAsync(started.Where(id => merchants.Any(m => m.InstanceId == id && !m.Finished)));
            return new SessionResult(merchants, clock.Elapsed, Cancelled: true);
        }
    }

    private async Task<MerchantSnapshot> ReadAsync(MerchantSnapshot current, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var metadata = await client.GetInstanceAsync(current.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return current with { State = "starting", Elapsed = elapsed };
        }

        switch (metadata.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Completed:
                return current with { State = "done", Windows = [], Elapsed = elapsed, Result = metadata.ReadOutputAs<MerchantExportResult>() };
            case OrchestrationRuntimeStatus.Failed:
                return current with { State = "failed", Windows = [], Elapsed = elapsed, Error = metadata.FailureDetails?.ErrorMessage ?? "the run failed" };
            case OrchestrationRuntimeStatus.Terminated:
                return current with { State = "terminated", Windows = [], Elapsed = elapsed, Error = "the run was terminated" };
        }

        var progress = metadata.ReadCustomStatusAs<ExportProgress>() ?? current.Progress;
        var windows = new List<WindowSnapshot>();
        foreach (var active in progress?.Active ?? [])
        {
            // Copies run as one activity and report no detail of their own.
            var child = active.InstanceId is { } id ? await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken) : null;
            windows.Add(new WindowSnapshot(active, child?.ReadCustomStatusAs<WindowProgress>()));
        }

        return current with { State = progress?.Phase ?? "starting", Progress = progress, Windows = windows, Elapsed = elapsed };
    }

    /// <summary>Ctrl+C: ends the runs so no new export or copy starts; committed windows stay complete.</summary>
    private async Task StopAsync(IEnumerable<string> instanceIds)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        foreach (var id in instanceIds)
        {
            try
            {
                await client.TerminateInstanceAsync(id, new TerminateInstanceOptions { Recursive = true }, timeout.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or Grpc.Core.RpcException)
            {
                // The engine is stopped right after this anyway.
            }
        }
    }
}

using System.Globalization;
using CloverExport.Core.Clover;
using CloverExport.Core.Coverage;
using CloverExport.Core.Planning;
using Microsoft.DurableTask;

namespace CloverExport.Core.Orchestration;

/// <summary>
/// One merchant's run. Each generation plans a batch of windows, keeps up to the per-merchant bound
/// of Clover exports in flight, copies finished exports while the next export runs, then continues
/// as new with only counters in its input, so history stays small however long the backfill.
/// Copies of finished exports run beside the next export as plain activities.
/// A window whose export fails (or whose files expire before they are copied) is exported again a
/// bounded number of times, then recorded as failed while the other windows go on.
/// </summary>
public sealed class MerchantExportOrchestrator : TaskOrchestrator<MerchantExportInput, MerchantExportResult>
{
    // Planning reads the container: ride out a storage outage of about half a minute. Settings are
    // not known yet at this point (the plan returns them), so this policy is fixed.
    private static readonly TaskOptions PlanRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override async Task<MerchantExportResult> RunAsync(TaskOrchestrationContext context, MerchantExportInput input)
    {
        var continuation = input.Continuation;
        var runId = continuation?.RunId ?? context.NewGuid().ToString("N")[..8];
        var generation = continuation?.Generation ?? 0;
        var totals = continuation?.Totals ?? ExportTotals.Empty;
        var startedAt = continuation?.StartedAt ?? context.CurrentUtcDateTime;

        context.SetCustomStatus(new ExportProgress(input.MerchantId, "planning", generation, continuation?.Until, totals, 0, []));
        var plan = await context.CallActivityAsync<ExportPlan>(TaskNames.PlanExport, new PlanRequest(input, context.CurrentUtcDateTime), PlanRetry);
        if (plan.Error is not null)
        {
            return new MerchantExportResult(input.MerchantId, MerchantExportStatus.Rejected, input.From, input.To, totals, plan.Error);
        }

        if (generation == 0)
        {
            totals = totals with { WindowsPlanned = plan.Windows.Count + plan.RemainingAfter };
        }

        var run = new GenerationRun(context, input.MerchantId, runId, plan, totals, generation);
        totals = await run.ExecuteAsync();
        await RecordFailuresAsync(context, input.MerchantId, run.Failed);
        if (run.StopReason is { } stopped)
        {
            // The merchant was removed while its run was in flight: one reason, no failed windows.
            context.SetCustomStatus(new ExportProgress(input.MerchantId, "done", generation, plan.Until, totals, 0, []));
            return new MerchantExportResult(input.MerchantId, MerchantExportStatus.Rejected, plan.From, plan.Until, totals, stopped);
        }

        if (plan.RemainingAfter > 0 && plan.Windows.Count > 0)
        {
            context.ContinueAsNew(input with
            {
                Types = plan.Types,
                Continuation = new MerchantExportContinuation(runId, generation + 1, plan.Until, WindowKey.Of(plan.Windows[^1]), totals, startedAt),
            });
            return new MerchantExportResult(input.MerchantId, MerchantExportStatus.Completed, plan.From, plan.Until, totals, EndClamped: plan.EndClamped);
        }

        context.SetCustomStatus(new ExportProgress(input.MerchantId, "done", generation, plan.Until, totals, 0, []));
        var status = totals.WindowsFailed > 0 ? MerchantExportStatus.CompletedWithFailures : MerchantExportStatus.Completed;
        return new MerchantExportResult(input.MerchantId, status, plan.From, plan.Until, totals, EndClamped: plan.EndClamped);
    }

    /// <summary>
    /// Keeps the generation's failure reasons for coverage. Called after the generation's own work, so
    /// instances in flight at a deploy replay unchanged; a storage outage here does not fail the run.
    /// </summary>
    private static async Task RecordFailuresAsync(TaskOrchestrationContext context, string merchantId, List<WindowFailure> failed)
    {
        if (failed.Count == 0)
        {
            return;
        }

        try
        {
            await context.CallActivityAsync<bool>(TaskNames.RecordWindowFailures, new RecordWindowFailuresRequest(merchantId, failed), PlanRetry);
        }
        catch (TaskFailedException)
        {
            // The run's result still lists the failures.
        }
    }

    /// <summary>The windows of one generation: exports bounded per merchant, copies alongside.</summary>
    private sealed class GenerationRun(TaskOrchestrationContext context, string merchantId, string runId, ExportPlan plan, ExportTotals totals, int generation)
    {
        private readonly Queue<(ExportWindow Window, int ExportsSoFar)> queue = new(plan.Windows.Select(w => (w, 0)));
        private readonly Dictionary<Task<ExportWindowOutcome>, (ExportWindow Window, int ExportsSoFar, string InstanceId)> exporting = [];
        private readonly Dictionary<Task<CopyWindowOutcome>, (ExportWindow Window, int ExportsSoFar, string ExportId)> copying = [];

        /// <summary>This generation's failed windows, every one (the totals keep only the first few).</summary>
        public List<WindowFailure> Failed { get; } = [];
        /// <summary>Set when Clover's client found the merchant no longer configured: no new window starts.</summary>
        public string? StopReason { get; private set; }

        public async Task<ExportTotals> ExecuteAsync()
        {
            while (queue.Count > 0 || exporting.Count > 0 || copying.Count > 0)
            {
                while (queue.Count > 0 && exporting.Count < plan.Policy.MaxExportsInFlight)
                {
                    StartExport(queue.Dequeue());
                }

                ReportProgress();
                var finished = await Task.WhenAny(exporting.Keys.Cast<Task>().Concat(copying.Keys));
                if (finished is Task<ExportWindowOutcome> export)
                {
                    await OnExportFinishedAsync(export);
                }
                else
                {
                    await OnCopyFinishedAsync((Task<CopyWindowOutcome>)finished);
                }
            }

            return totals;
        }

        private void StartExport((ExportWindow Window, int ExportsSoFar) item)
        {
            var id = ChildId(item.Window, "e", item.ExportsSoFar);
            var policy = plan.Policy with { MaxExportAttempts = plan.Policy.MaxExportAttempts - item.ExportsSoFar };
            var task = context.CallSubOrchestratorAsync<ExportWindowOutcome>(
                TaskNames.ExportWindow, new ExportWindowInput(merchantId, item.Window, policy, Version: TaskNames.ExportWindowVersion), new SubOrchestrationOptions { InstanceId = id });
            exporting.Add(task, (item.Window, item.ExportsSoFar, id));
        }

        private async Task OnExportFinishedAsync(Task<ExportWindowOutcome> task)
        {
            var (window, exportsSoFar, _) = exporting[task];
            exporting.Remove(task);
            if (await AwaitOrFailAsync(task, window, "Export orchestration") is not { } outcome)
            {
                return;
            }

            var used = exportsSoFar + outcome.ExportsCreated;
            totals = totals with
            {
                ExportsCreated = totals.ExportsCreated + outcome.ExportsCreated,
                ExportsAbandoned = totals.ExportsAbandoned + outcome.ExportsAbandoned,
            };
            if (outcome.MerchantGone)
            {
                Stop(outcome.Error);
                return;
            }

            if (!outcome.Ready || outcome.ExportId is null)
            {
                Fail(window, outcome.Error ?? "export failed");
                return;
            }

            var copy = CopyAndCommitAsync(window, outcome.ExportId, outcome.FileCount, outcome.AvailableUntil);
            copying.Add(copy, (window, used, outcome.ExportId));
        }

        private async Task OnCopyFinishedAsync(Task<CopyWindowOutcome> task)
        {
            var (window, used, _) = copying[task];
            copying.Remove(task);
            if (await AwaitOrFailAsync(task, window, "Copy, after retries,") is not { } outcome)
            {
                return;
            }

            if (outcome.MerchantGone)
            {
                Stop(outcome.Error);
            }
            else if (outcome.Committed)
            {
                totals = totals with
                {
                    WindowsDone = totals.WindowsDone + 1,
                    Files = totals.Files + outcome.Files,
                    Objects = totals.Objects + outcome.Objects,
                    Bytes = totals.Bytes + outcome.Bytes,
                };
            }
            else if (outcome.Expired && used < plan.Policy.MaxExportAttempts)
            {
                // The files vanished before they were copied: a fresh export of the same window.
                queue.Enqueue((window, used));
            }
            else
            {
                Fail(window, outcome.Error ?? "files expired before they were copied, too many times");
            }
        }

        /// <summary>
        /// Copies a finished export's files (retried, resuming where it stopped), then commits the window.
        /// A 429/503 from Clover while reading the links or files is a durable wait, as long as the files
        /// stay available (<paramref name="availableUntil"/>, else the export deadline from now).
        /// </summary>
        private async Task<CopyWindowOutcome> CopyAndCommitAsync(ExportWindow window, string exportId, int fileCount, DateTimeOffset? availableUntil)
        {
            var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
                maxNumberOfAttempts: 4, firstRetryInterval: plan.Policy.ActivityRetryInterval, backoffCoefficient: 2));
            var availableEnd = availableUntil?.UtcDateTime ?? context.CurrentUtcDateTime + plan.Policy.ExportDeadline;
            CopyFilesResult copied;
            while (true)
            {
                copied = await context.CallActivityAsync<CopyFilesResult>(
                    TaskNames.CopyExportFiles, new CopyFilesRequest(merchantId, window, exportId, fileCount, plan.Policy.MaxParallelFileCopies), retry);
                if (!copied.Wait)
                {
                    break;
                }

                var retryAt = copied.RetryAt?.UtcDateTime ?? context.CurrentUtcDateTime + plan.Policy.EffectiveConcurrencyRetryDelay;
                if (retryAt >= availableEnd)
                {
                    return new CopyWindowOutcome(false, true, 0, 0, 0, $"Clover asked to wait ({copied.Reason}) past the files' availability");
                }

                await context.CreateTimer(retryAt, CancellationToken.None);
            }

            if (copied.MerchantGone)
            {
                return new CopyWindowOutcome(false, false, 0, 0, 0, copied.Reason, MerchantGone: true);
            }

            if (copied.Expired)
            {
                return new CopyWindowOutcome(false, true, 0, 0, 0, copied.Reason);
            }

            var commit = await context.CallActivityAsync<CommitWindowResult>(
                TaskNames.CommitWindow, new CommitWindowRequest(merchantId, window, exportId, copied.Files), retry);
            return new CopyWindowOutcome(true, false, commit.Objects, commit.ContentBytes, commit.Files, null);
        }

        /// <summary>The task's result, or null after recording the window as failed with the task's error.</summary>
        private async Task<T?> AwaitOrFailAsync<T>(Task<T> task, ExportWindow window, string what)
            where T : class
        {
            try
            {
                return await task;
            }
            catch (TaskFailedException ex)
            {
                Fail(window, $"{what} failed: {ex.FailureDetails?.ErrorMessage ?? ex.Message}");
                return null;
            }
        }

        private void Stop(string? reason)
        {
            StopReason ??= reason ?? $"Merchant {merchantId} is not configured.";
            queue.Clear();
        }

        private void Fail(ExportWindow window, string reason)
        {
            Failed.Add(new WindowFailure(window, reason));
            var failures = totals.Failures.Count < ExportTotals.MaxFailuresKept
                ? [.. totals.Failures, new WindowFailure(window, reason)]
                : totals.Failures;
            totals = totals with { WindowsFailed = totals.WindowsFailed + 1, Failures = failures };
        }

        private void ReportProgress()
        {
            var active = exporting.Values.Select(v => Active(v.Window, "exporting", v.InstanceId))
                .Concat(copying.Values.Select(v => Active(v.Window, "copying", null)))
                .ToList();
            context.SetCustomStatus(new ExportProgress(merchantId, "running", generation, plan.Until, totals, plan.RemainingAfter + queue.Count, active));
        }

        private static ActiveWindow Active(ExportWindow window, string step, string? instanceId) =>
            new(window.Type.ToWireName(), window.Start, window.End, step, instanceId);

        private string ChildId(ExportWindow window, string step, int attempt) =>
            string.Create(CultureInfo.InvariantCulture,
                $"{context.InstanceId}:{runId}:{window.Type.ToWireName()}:{window.Start.ToUnixTimeMilliseconds()}:{step}{attempt}");
    }
}

/// <summary>The window is stored and committed, its files expired first (export again), it failed, or the merchant is gone.</summary>
public sealed record CopyWindowOutcome(bool Committed, bool Expired, long Objects, long Bytes, int Files, string? Error, bool MerchantGone = false);

using CloverExport.Core.Clover;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using Microsoft.DurableTask.Client;

namespace CloverExport.Functions.Http;

/// <summary>
/// Reads a merchant's run from the task hub (its <c>fleet</c> comes from the slot board, see <see cref="ExportSlotsReader"/>) and maps Core's durable records (input, continuation,
/// custom status, output, window children) onto <see cref="ExportRunResponse"/>: the one place that
/// knows both shapes, so the records can change without changing the contract.
/// </summary>
public static class ExportRunReader
{
    /// <returns>The merchant's latest run, or null when it has none.</returns>
    public static async Task<ExportRunResponse?> ReadAsync(DurableTaskClient client, string merchantId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(TaskNames.MerchantInstanceId(merchantId), getInputsAndOutputs: true, cancellationToken);
        if (instance is null || instance.Name != TaskNames.MerchantExport)
        {
            return null;
        }

        var input = instance.ReadInputAs<MerchantExportInput>();
        var progress = instance.ReadCustomStatusAs<ExportProgress>();
        var result = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<MerchantExportResult>() : null;
        var totals = result?.Totals ?? progress?.Totals ?? input?.Continuation?.Totals ?? ExportTotals.Empty;
        var running = instance.RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended;

        var windows = new List<ExportRunWindow>();
        foreach (var window in running ? progress?.Active ?? [] : [])
        {
            // Custom status travels with inputs and outputs only.
            var child = window.InstanceId is { } childId ? await client.GetInstanceAsync(childId, getInputsAndOutputs: true, cancellationToken) : null;
            windows.Add(WindowOf(window, child?.ReadCustomStatusAs<WindowProgress>()));
        }

        return new ExportRunResponse(
            merchantId,
            StateOf(instance.RuntimeStatus, result?.Status),
            input?.IsIncremental ?? true,
            input?.Types?.Select(t => t.ToWireName()).ToList(),
            new ExportRunRange(
                input?.From is { } from ? ExportDays.DayOf(from) : null,
                input?.To is { } to ? ExportDays.DayOf(to) : null,
                progress?.Until ?? result?.Until ?? input?.Continuation?.Until),
            input?.Continuation?.StartedAt ?? instance.CreatedAt,
            instance.LastUpdatedAt,
            new ExportRunCounts(
                totals.WindowsPlanned,
                totals.WindowsDone,
                totals.WindowsFailed,
                Math.Max(0, totals.WindowsPlanned - totals.WindowsDone - totals.WindowsFailed),
                totals.Files,
                totals.Objects,
                totals.Bytes,
                totals.ExportsCreated),
            [.. totals.Failures.Select(f => new ExportRunFailure(f.Window.Type.ToWireName(), f.Window.Start, f.Window.End, f.Reason))],
            windows,
            Fleet: null,
            result?.Error ?? instance.FailureDetails?.ErrorMessage);
    }

    /// <summary>The state a run is in; <paramref name="outcome"/> (from the output) refines a completed one.</summary>
    public static ExportRunState StateOf(OrchestrationRuntimeStatus status, MerchantExportStatus? outcome) => status switch
    {
        OrchestrationRuntimeStatus.Pending => ExportRunState.Pending,
        OrchestrationRuntimeStatus.Suspended => ExportRunState.Suspended,
        OrchestrationRuntimeStatus.Completed => outcome switch
        {
            MerchantExportStatus.CompletedWithFailures => ExportRunState.CompletedWithFailures,
            MerchantExportStatus.Rejected => ExportRunState.Rejected,
            _ => ExportRunState.Completed,
        },
        OrchestrationRuntimeStatus.Failed => ExportRunState.Failed,
        OrchestrationRuntimeStatus.Terminated => ExportRunState.Cancelled,
        _ => ExportRunState.Running,
    };

    private static ExportRunWindow WindowOf(ActiveWindow window, WindowProgress? progress) => new(
        window.Type,
        window.Start,
        window.End,
        progress?.Step ?? window.Step,
        progress?.Attempt,
        progress?.ExportId,
        progress?.PercentComplete,
        progress?.WaitReason is { } reason ? new ExportRunWait(reason, progress.WaitUntil, progress.SlotPosition > 0 ? progress.SlotPosition : null) : null,
        progress is { SlotLimit: > 0 } ? new ExportRunSlots(progress.SlotsInUse, progress.SlotLimit) : null);
}

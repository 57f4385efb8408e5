using CloverExport.Core.Orchestration;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CloverExport.Functions.Scheduling;

/// <summary>
/// Starts a merchant's run under its deterministic instance id unless one is still active. The
/// check is not ours: the dedupe statuses travel with the create request and the backend refuses
/// the create when the existing instance is in one of them, so two starters racing (timer, HTTP,
/// a second host) cannot both win. A finished run (Completed, Failed, Terminated) is replaced.
/// </summary>
public sealed partial class MerchantRunStarter(ILogger<MerchantRunStarter> logger)
{
    /// <summary>The statuses in which a run counts as still going; a new run for that merchant is refused.</summary>
    public static IReadOnlyList<OrchestrationRuntimeStatus> ActiveStatuses { get; } =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
#pragma warning disable CS0618 // Still reported by some backends between generations of a ContinueAsNew run.
        OrchestrationRuntimeStatus.ContinuedAsNew,
#pragma warning restore CS0618
    ];

    public static bool IsActive(OrchestrationRuntimeStatus status) => ActiveStatuses.Contains(status);

    /// <returns>The instance id when the run was scheduled; null when an active run of that merchant already exists.</returns>
    public async Task<string?> TryStartAsync(DurableTaskClient client, MerchantExportInput input, DateTimeOffset? startAt, CancellationToken cancellationToken)
    {
        var instanceId = TaskNames.MerchantInstanceId(input.MerchantId);
        var options = new StartOrchestrationOptions { InstanceId = instanceId, StartAt = startAt }.WithDedupeStatuses([.. ActiveStatuses]);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(TaskNames.MerchantExport, input, options, cancellationToken);
            if (startAt is { } at)
            {
                LogScheduled(logger, input.MerchantId, instanceId, at);
            }
            else
            {
                LogStarted(logger, input.MerchantId, instanceId);
            }

            return instanceId;
        }
        catch (OrchestrationAlreadyExistsException)
        {
            LogSkipped(logger, input.MerchantId, instanceId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started export run {InstanceId} for {MerchantId}")]
    private static partial void LogStarted(ILogger logger, string merchantId, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled export run {InstanceId} for {MerchantId} to start at {StartAt:O}")]
    private static partial void LogScheduled(ILogger logger, string merchantId, string instanceId, DateTimeOffset startAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {MerchantId}: its previous run {InstanceId} is still active")]
    private static partial void LogSkipped(ILogger logger, string merchantId, string instanceId);
}

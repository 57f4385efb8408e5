using CloverExport.Core.Orchestration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Scheduling;

/// <summary>
/// Keeps the task hub from growing with every run: finished instances (runs and their window
/// children) created more than <c>Export:InstanceRetention</c> ago are purged, history included.
/// Active instances are never touched. The CLI needs no purge: its engine keeps instances in memory.
/// </summary>
public sealed partial class InstancePurgeFunction(IOptions<ExportOptions> options, TimeProvider time, ILogger<InstancePurgeFunction> logger)
{
    public const string Name = "PurgeFinishedInstances";

    // Hourly, at a minute clear of the daily export timer; the purge is cheap when there is nothing to do.
    public const string Schedule = "0 35 * * * *";

    public static IReadOnlyList<OrchestrationRuntimeStatus> FinishedStatuses { get; } =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    [Function(Name)]
    public Task Run(
        [TimerTrigger(Schedule, RunOnStartup = false)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) => PurgeAsync(client, cancellationToken);

    /// <returns>How many instances were purged.</returns>
    public async Task<int> PurgeAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        var createdBefore = time.GetUtcNow() - options.Value.InstanceRetention;
        var result = await client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedFrom: DateTimeOffset.MinValue, CreatedTo: createdBefore, Statuses: FinishedStatuses), cancellationToken);
        LogPurged(logger, result.PurgedInstanceCount, createdBefore);
        return result.PurgedInstanceCount;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} finished instances created before {CreatedBefore:O} (Export:InstanceRetention)")]
    private static partial void LogPurged(ILogger logger, int count, DateTimeOffset createdBefore);
}

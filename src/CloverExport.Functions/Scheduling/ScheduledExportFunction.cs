using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Functions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Scheduling;

/// <summary>
/// The daily run: one incremental export per enabled merchant, their starts spread over
/// <c>ExportStaggerWindow</c> so that they do not hit Clover at the same second.
/// </summary>
public sealed partial class ScheduledExportFunction(
    IMerchantDirectory merchants,
    MerchantRunStarter starter,
    IOptions<FunctionsSettings> settings,
    TimeProvider time,
    ILogger<ScheduledExportFunction> logger)
{
    public const string Name = "ScheduledExport";

    [Function(Name)]
    public async Task Run(
        [TimerTrigger("%ExportSchedule%", RunOnStartup = false)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var enabled = await merchants.ListEnabledAsync(cancellationToken);
        var now = time.GetUtcNow();
        var step = enabled.Count > 0 ? settings.Value.ExportStaggerWindow / enabled.Count : TimeSpan.Zero;
        var started = 0;
        for (var i = 0; i < enabled.Count; i++)
        {
            DateTimeOffset? startAt = i == 0 || step <= TimeSpan.Zero ? null : now + (step * i);
            if (await starter.TryStartAsync(client, new MerchantExportInput(enabled[i].Id), startAt, cancellationToken) is not null)
            {
                started++;
            }
        }

        LogRun(logger, enabled.Count, started, enabled.Count - started, timer.IsPastDue);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled export: {Merchants} enabled merchants, {Started} runs started, {Skipped} skipped (past due: {PastDue})")]
    private static partial void LogRun(ILogger logger, int merchants, int started, int skipped, bool pastDue);
}

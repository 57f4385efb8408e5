using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Telemetry;
using Microsoft.DurableTask;

namespace CloverExport.Core.Orchestration;

public sealed record ExportWindowInput(string MerchantId, ExportWindow Window, ExportPolicy Policy);

/// <summary>A Clover export that is DONE (its files can be copied), or why none could be made.</summary>
public sealed record ExportWindowOutcome(bool Ready, string? ExportId, int FileCount, int ExportsCreated, string? Error);

/// <summary>
/// Gets one window exported on Clover's side: creates the export, waits on durable timers through
/// closed hours, concurrency and rate limits, polls with backoff until DONE, and creates it again
/// (a bounded number of times) when it fails or passes its deadline.
/// </summary>
public sealed class ExportWindowOrchestrator : TaskOrchestrator<ExportWindowInput, ExportWindowOutcome>
{
    /// <summary>How many failed creates (server errors) each export attempt allows before the window fails.</summary>
    private const int CreateFailuresPerAttempt = 3;

    public override async Task<ExportWindowOutcome> RunAsync(TaskOrchestrationContext context, ExportWindowInput input)
    {
        var policy = input.Policy;
        var slot = new ExportSlotRequest(input.MerchantId, context.InstanceId);
        var created = 0;
        var createFailures = 0;
        string lastError = "no export was attempted";
        while (created < policy.MaxExportAttempts)
        {
            await AcquireSlotAsync(context, slot, created);
            var create = await context.CallActivityAsync<CloverCallResult>(TaskNames.CreateExport, new CreateExportRequest(input.MerchantId, input.Window));
            if (create.Outcome == CloverCallOutcome.Wait)
            {
                await context.CallActivityAsync<bool>(TaskNames.ReleaseExportSlot, slot);
                await WaitAsync(context, create, created, policy);
                continue;
            }

            if (create.Outcome != CloverCallOutcome.Ok || create.ExportId is null)
            {
                await context.CallActivityAsync<bool>(TaskNames.ReleaseExportSlot, slot);
                if (create.Outcome == CloverCallOutcome.Rejected)
                {
                    return new ExportWindowOutcome(false, null, 0, created, $"Clover refused the export: {create.Reason}");
                }

                // A create that failed with a server error is not retried by the client (it may have
                // reached Clover); back off on a durable timer. Bounded separately from export attempts
                // so a burst of 500s does not use up the window's budget.
                createFailures++;
                lastError = create.Reason ?? "create failed";
                if (createFailures > policy.MaxExportAttempts * CreateFailuresPerAttempt)
                {
                    return new ExportWindowOutcome(false, null, 0, created, $"Gave up after {createFailures} failed creates: {lastError}");
                }

                await BackOffAsync(context, policy, createFailures, created);
                continue;
            }

            created++;
            ExportTelemetry.ExportInFlight(context, input.Window.Type, 1);
            var done = await PollUntilDoneAsync(context, input, create, created);
            ExportTelemetry.ExportInFlight(context, input.Window.Type, -1);
            await context.CallActivityAsync<bool>(TaskNames.ReleaseExportSlot, slot);
            if (done.Outcome == CloverCallOutcome.Ok)
            {
                return new ExportWindowOutcome(true, done.ExportId, done.FileCount, created, null);
            }

            if (done.Outcome == CloverCallOutcome.Rejected)
            {
                return new ExportWindowOutcome(false, null, 0, created, $"Clover refused the export: {done.Reason}");
            }

            lastError = done.Reason ?? "export failed";
        }

        return new ExportWindowOutcome(false, null, 0, created, $"Gave up after {created} export attempts: {lastError}");
    }

    private static async Task AcquireSlotAsync(TaskOrchestrationContext context, ExportSlotRequest slot, int attempt)
    {
        while (true)
        {
            var decision = await context.CallActivityAsync<ExportSlotDecision>(TaskNames.RequestExportSlot, slot);
            if (decision.Granted)
            {
                return;
            }

            var until = decision.RetryAt ?? context.CurrentUtcDateTime.AddSeconds(30);
            context.SetCustomStatus(new WindowProgress("waiting-for-slot", attempt + 1, null, 0, "app-wide export limit", until));
            ExportTelemetry.WaitStarted(context, "Slot");
            await context.CreateTimer(until.UtcDateTime, CancellationToken.None);
            ExportTelemetry.WaitEnded(context, "Slot");
        }
    }

    /// <summary>Polls on durable timers with doubling intervals. Returns Ok (DONE), Failed (retry) or Rejected.</summary>
    private static async Task<CloverCallResult> PollUntilDoneAsync(TaskOrchestrationContext context, ExportWindowInput input, CloverCallResult created, int attempt)
    {
        var policy = input.Policy;
        var exportId = created.ExportId!;
        var createdAt = context.CurrentUtcDateTime;
        var deadline = createdAt + policy.ExportDeadline;
        var interval = policy.PollInitialInterval;
        var current = created;
        while (true)
        {
            if (current.Outcome == CloverCallOutcome.Ok && current.Status == "DONE")
            {
                return current;
            }

            if (current.Outcome is CloverCallOutcome.Failed or CloverCallOutcome.Rejected)
            {
                return current;
            }

            var now = context.CurrentUtcDateTime;
            if (now >= deadline)
            {
                return new CloverCallResult(CloverCallOutcome.Failed, exportId, Reason: $"export {exportId} was not DONE within {policy.ExportDeadline}");
            }

            DateTime next;
            if (current.Outcome == CloverCallOutcome.Wait)
            {
                next = Min(current.RetryAt!.Value.UtcDateTime, deadline);
                context.SetCustomStatus(new WindowProgress("waiting", attempt, exportId, 0, current.Reason, next));
            }
            else
            {
                var delay = PollSchedule.NextDelay(now - createdAt, current.PercentComplete, interval, policy.PollInitialInterval / 4);
                next = Min(now + delay, deadline);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, policy.PollMaxInterval.Ticks));
                context.SetCustomStatus(new WindowProgress("exporting", attempt, exportId, current.PercentComplete));
            }

            await context.CreateTimer(next, CancellationToken.None);
            var status = await context.CallActivityAsync<CloverCallResult>(TaskNames.GetExportStatus, new ExportStatusRequest(input.MerchantId, exportId));
            current = status.Outcome == CloverCallOutcome.Wait ? status with { ExportId = exportId, PercentComplete = current.PercentComplete } : status;
        }
    }

    /// <summary>Sleeps until Clover said to come back, plus jitter after closed hours so a thousand merchants do not all return in the same second.</summary>
    private static async Task WaitAsync(TaskOrchestrationContext context, CloverCallResult wait, int attempt, ExportPolicy policy)
    {
        var until = wait.RetryAt ?? context.CurrentUtcDateTime.AddMinutes(1);
        if (wait.Reason == nameof(CloverUnavailableReason.ClosedHours) && policy.ClosedHoursJitter > TimeSpan.Zero)
        {
            // NewGuid is replay-safe: the same value comes back on every replay.
            var fraction = (context.NewGuid().GetHashCode() & 0x7fffffff) / (double)int.MaxValue;
            until += TimeSpan.FromTicks((long)(policy.ClosedHoursJitter.Ticks * fraction));
        }

        var fireAt = until.UtcDateTime > context.CurrentUtcDateTime ? until.UtcDateTime : context.CurrentUtcDateTime;
        context.SetCustomStatus(new WindowProgress("waiting", attempt + 1, null, 0, wait.Reason, fireAt));
        ExportTelemetry.WaitStarted(context, wait.Reason);
        await context.CreateTimer(fireAt, CancellationToken.None);
        ExportTelemetry.WaitEnded(context, wait.Reason);
    }

    private static async Task BackOffAsync(TaskOrchestrationContext context, ExportPolicy policy, int failures, int attempt)
    {
        var delay = TimeSpan.FromTicks(Math.Min(policy.PollInitialInterval.Ticks << Math.Min(failures - 1, 16), policy.PollMaxInterval.Ticks));
        var until = context.CurrentUtcDateTime + delay;
        context.SetCustomStatus(new WindowProgress("waiting", attempt + 1, null, 0, "server error on create", until));
        ExportTelemetry.WaitStarted(context, "ServerError");
        await context.CreateTimer(until, CancellationToken.None);
        ExportTelemetry.WaitEnded(context, "ServerError");
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}

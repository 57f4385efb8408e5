using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Telemetry;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CloverExport.Core.Orchestration;

/// <param name="State">Null on the first generation; carried across ContinueAsNew after that.</param>
/// <param name="Version">The sequence of calls this instance replays (<see cref="TaskNames.ExportWindowVersion"/>); 0 in instances started before versions existed.</param>
public sealed record ExportWindowInput(string MerchantId, ExportWindow Window, ExportPolicy Policy, ExportWindowState? State = null, int Version = 0);

/// <summary>What a window carries from one generation to the next (small: counters and the export it polls).</summary>
/// <param name="StartedAt">When the window's first generation started: the budget counts from here.</param>
/// <param name="ConcurrencyWaits">Concurrency 503s in a row (the backoff exponent; reset when a create succeeds).</param>
/// <param name="LeaseUntil">Until when the held slot's lease runs (orchestration time); renewed before it would lapse.</param>
public sealed record ExportWindowState(
    DateTimeOffset StartedAt,
    int ExportsCreated = 0,
    int CreateFailures = 0,
    int ConcurrencyWaits = 0,
    int ExportsAbandoned = 0,
    bool HoldsSlot = false,
    DateTimeOffset? LeaseUntil = null,
    PendingExport? Export = null,
    string? LastError = null);

/// <summary>A created export being polled.</summary>
/// <param name="WaitUntil">Set while Clover asked to come back or could not be reached: the next poll waits until then.</param>
public sealed record PendingExport(
    string ExportId,
    DateTimeOffset CreatedAt,
    TimeSpan Interval,
    int PercentComplete = 0,
    int PollFailures = 0,
    DateTimeOffset? WaitUntil = null,
    string? WaitReason = null);

/// <summary>A Clover export that is DONE (its files can be copied), or why none could be made.</summary>
/// <param name="ExportsAbandoned">Exports given up past <c>Export:ExportDeadline</c> (Clover may still hold them).</param>
/// <param name="MerchantGone">The merchant is no longer configured: the run stops.</param>
/// <param name="AvailableUntil">Until when Clover keeps the files (when it says).</param>
public sealed record ExportWindowOutcome(
    bool Ready,
    string? ExportId,
    int FileCount,
    int ExportsCreated,
    string? Error,
    int ExportsAbandoned = 0,
    bool MerchantGone = false,
    DateTimeOffset? AvailableUntil = null);

/// <summary>
/// Gets one window exported on Clover's side: takes an app-wide export slot, creates the export,
/// waits on durable timers through closed hours, concurrency and rate limits and Clover outages,
/// polls the same export until DONE or its deadline, and creates it again (a bounded number of
/// times) when it fails or is given up. Every wait counts against the window's budget, the slot is
/// released on every path, and the window continues as new every few steps so its history stays
/// small however long it waits.
/// </summary>
public sealed partial class ExportWindowOrchestrator : TaskOrchestrator<ExportWindowInput, ExportWindowOutcome>
{
    /// <summary>The event a releasing window sends to the next waiting window.</summary>
    public const string SlotFreedEvent = "ExportSlotFreed";

    /// <summary>How many failed creates (server errors) each export attempt allows before the window fails.</summary>
    internal const int CreateFailuresPerAttempt = 3;

    /// <summary>Steps (slot request, create, poll) per generation before ContinueAsNew: bounds the history.</summary>
    internal const int StepsPerGeneration = 20;

    /// <summary>How long a slot outlives its holder's last word: one Clover call with its retries (Clover:TotalTimeout) and a margin.</summary>
    internal static readonly TimeSpan LeaseGrace = TimeSpan.FromMinutes(5);

    /// <summary>The shortest wait for a freed-slot event before a waiting window asks the board again.</summary>
    internal static readonly TimeSpan MinimumSlotWait = TimeSpan.FromMinutes(1);

    // The slot board is a blob updated under an ETag: ride out a storage blip.
    private static readonly TaskOptions SlotRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    public override Task<ExportWindowOutcome> RunAsync(TaskOrchestrationContext context, ExportWindowInput input) =>
        new WindowRun(context, input).ExecuteAsync();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window {InstanceId} gave up export {ExportId}: {Reason}")]
    private static partial void LogExportGivenUp(ILogger logger, string instanceId, string exportId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Window {InstanceId} failed: {Reason}")]
    private static partial void LogWindowFailed(ILogger logger, string instanceId, string reason);

    private sealed class WindowRun(TaskOrchestrationContext context, ExportWindowInput input)
    {
        private readonly ExportPolicy policy = input.Policy;
        private readonly ILogger logger = context.CreateReplaySafeLogger<ExportWindowOrchestrator>();
        private ExportWindowState state = input.State ?? new ExportWindowState(context.CurrentUtcDateTime);
        private ExportSlotUse slotUse = ExportSlotUse.Unused;
        private ExportSlotDecision? lastSlot;

        public async Task<ExportWindowOutcome> ExecuteAsync()
        {
            var continuing = false;
            try
            {
                for (var step = 0; ; step++)
                {
                    if (context.CurrentUtcDateTime - state.StartedAt >= policy.EffectiveWindowBudget)
                    {
                        return OutOfBudget();
                    }

                    if (step == StepsPerGeneration)
                    {
                        // Keep a freed-slot event that arrived meanwhile for the next generation. A new
                        // generation has a fresh history, so it runs this release's sequence.
                        context.ContinueAsNew(input with { State = state, Version = TaskNames.ExportWindowVersion }, preserveUnprocessedEvents: true);
                        continuing = true;
                        return new ExportWindowOutcome(false, null, 0, state.ExportsCreated, "continued as new", state.ExportsAbandoned);
                    }

                    var outcome = state.Export is null ? await CreateStepAsync() : await PollStepAsync(state.Export);
                    if (outcome is not null)
                    {
                        return outcome;
                    }
                }
            }
            finally
            {
                if (state.HoldsSlot && !continuing)
                {
                    await ReleaseSlotAsync(slotUse);
                }
            }
        }

        /// <summary>Takes a slot (or waits for one), then creates the export. Null: go on with the next step.</summary>
        private async Task<ExportWindowOutcome?> CreateStepAsync()
        {
            if (state.ExportsCreated >= policy.MaxExportAttempts)
            {
                return Failed($"Gave up after {state.ExportsCreated} export attempts: {state.LastError ?? "no export was attempted"}");
            }

            if (!state.HoldsSlot)
            {
                var decision = await RequestSlotAsync(LeaseGrace);
                if (!decision.Granted)
                {
                    await WaitForSlotAsync(decision);
                    return null;
                }

                if (input.Version >= 2 && decision.RetryAt > context.CurrentUtcDateTime)
                {
                    // Another holder met Clover's closed hours: hold the slot and create when it opens.
                    await SleepAsync(decision.RetryAt.Value.UtcDateTime, nameof(CloverUnavailableReason.ClosedHours));
                }
            }

            var create = await context.CallActivityAsync<CloverCallResult>(TaskNames.CreateExport, new CreateExportRequest(input.MerchantId, input.Window));
            switch (create.Outcome)
            {
                case CloverCallOutcome.Ok when create.ExportId is not null:
                    slotUse = ExportSlotUse.Exported;
                    state = state with
                    {
                        ExportsCreated = state.ExportsCreated + 1,
                        ConcurrencyWaits = 0,
                        Export = new PendingExport(create.ExportId, context.CurrentUtcDateTime, policy.PollInitialInterval, create.PercentComplete),
                    };
                    return create.Status == "DONE" ? Ready(create) : null;
                case CloverCallOutcome.Wait:
                    await CreateWaitAsync(create);
                    return null;
                case CloverCallOutcome.Rejected or CloverCallOutcome.MerchantGone:
                    return Refused(create);
                default:
                    // A create that failed with a server error is not retried by the client (it may have
                    // reached Clover); back off on a durable timer. Bounded separately from export attempts
                    // so a burst of 500s does not use up the window's attempts.
                    await ReleaseSlotAsync(ExportSlotUse.Unused);
                    state = state with { CreateFailures = state.CreateFailures + 1, LastError = create.Reason ?? "create failed" };
                    if (state.CreateFailures > policy.MaxExportAttempts * CreateFailuresPerAttempt)
                    {
                        return Failed($"Gave up after {state.CreateFailures} failed creates: {state.LastError}");
                    }

                    var delay = Doubling(policy.PollInitialInterval, state.CreateFailures, policy.PollMaxInterval);
                    await SleepAsync(context.CurrentUtcDateTime + delay, "server error on create");
                    return null;
            }
        }

        /// <summary>Closed hours or a rate limit: until Clover said (plus jitter after closed hours). Concurrency: exponential backoff with jitter.</summary>
        private async Task CreateWaitAsync(CloverCallResult wait)
        {
            var concurrency = wait.Reason == nameof(CloverUnavailableReason.ConcurrencyLimit);
            var now = context.CurrentUtcDateTime;
            if (!concurrency && input.Version >= 2 && state.LeaseUntil is not null)
            {
                await HoldSlotThroughAsync(wait, now);
                return;
            }

            await ReleaseSlotAsync(concurrency ? ExportSlotUse.ConcurrencyLimited : ExportSlotUse.Unused);
            DateTime until;
            if (concurrency)
            {
                state = state with { ConcurrencyWaits = state.ConcurrencyWaits + 1 };
                var delay = Doubling(policy.EffectiveConcurrencyRetryDelay, state.ConcurrencyWaits, policy.ConcurrencyBackoffCap);

                // Half fixed, half random: merchants 503'd together do not come back together.
                until = now + (delay / 2) + (delay / 2 * Fraction());
            }
            else
            {
                until = (wait.RetryAt ?? now.AddMinutes(1)).UtcDateTime;
                if (wait.Reason == nameof(CloverUnavailableReason.ClosedHours))
                {
                    until += policy.ClosedHoursJitter * Fraction();
                }
            }

            await SleepAsync(NotTooSoon(until, now), wait.Reason);
        }

        /// <summary>Never spin: a RetryAt already past (clock skew, a stale answer) still waits a little.</summary>
        private DateTime NotTooSoon(DateTime until, DateTime now) => Max(until, now + (policy.PollInitialInterval / 4));

        /// <summary>
        /// Closed hours or a rate limit while holding an app-wide slot: keep it (the wait is Clover's, not
        /// the slot's), tell the board until when Clover is closed so no other window asks it before,
        /// and create then. No jitter: the board already spaces the windows.
        /// </summary>
        private async Task HoldSlotThroughAsync(CloverCallResult wait, DateTime now)
        {
            var until = NotTooSoon((wait.RetryAt ?? now.AddMinutes(1)).UtcDateTime, now);
            var closed = wait.Reason == nameof(CloverUnavailableReason.ClosedHours);
            var decision = await RequestSlotAsync(until - now + LeaseGrace, closed ? new DateTimeOffset(until, TimeSpan.Zero) : null);
            if (!decision.Granted)
            {
                // The lease lapsed meanwhile (a long stall): queue again like any other window.
                state = state with { HoldsSlot = false, LeaseUntil = null };
                return;
            }

            await SleepAsync(decision.RetryAt is { } opening ? Max(opening.UtcDateTime, until) : until, wait.Reason);
        }

        /// <summary>One poll of the export: DONE ends the window; a wait or an outage polls the same export again; FAILED or the deadline creates anew.</summary>
        private async Task<ExportWindowOutcome?> PollStepAsync(PendingExport export)
        {
            var now = context.CurrentUtcDateTime;
            var deadline = export.CreatedAt + policy.ExportDeadline;
            if (now >= deadline)
            {
                await GiveUpExportAsync(export, $"export {export.ExportId} was not DONE within {policy.ExportDeadline}");
                return null;
            }

            (var next, export) = NextPoll(export, now, deadline.UtcDateTime);
            if (state.HoldsSlot && state.LeaseUntil is { } leaseUntil && next + policy.PollMaxInterval > leaseUntil)
            {
                await RequestSlotAsync(next - now + LeaseGrace);
            }

            await context.CreateTimer(next, CancellationToken.None);
            var status = await context.CallActivityAsync<CloverCallResult>(TaskNames.GetExportStatus, new ExportStatusRequest(input.MerchantId, export.ExportId));
            switch (status.Outcome)
            {
                case CloverCallOutcome.Ok when status.Status == "DONE":
                    return Ready(status with { ExportId = export.ExportId });
                case CloverCallOutcome.Ok:
                    state = state with { Export = export with { PercentComplete = status.PercentComplete, PollFailures = 0, WaitUntil = null, WaitReason = null } };
                    return null;
                case CloverCallOutcome.Wait:
                    state = state with { Export = export with { WaitUntil = status.RetryAt ?? context.CurrentUtcDateTime + policy.PollMaxInterval, WaitReason = status.Reason } };
                    return null;
                case CloverCallOutcome.Unreachable:
                    // The export may be healthy: wait on a durable timer and poll the same export again, until its deadline.
                    var failures = export.PollFailures + 1;
                    var retryAt = context.CurrentUtcDateTime + Doubling(policy.PollInitialInterval, failures, policy.PollMaxInterval);
                    state = state with
                    {
                        LastError = status.Reason,
                        Export = export with { PollFailures = failures, WaitUntil = retryAt, WaitReason = nameof(CloverCallOutcome.Unreachable) },
                    };
                    return null;
                case CloverCallOutcome.Rejected or CloverCallOutcome.MerchantGone:
                    return Refused(status);
                default:
                    // FAILED on Clover's side, or Clover no longer knows it: the next step creates anew.
                    state = state with { Export = null, LastError = status.Reason ?? "export failed" };
                    await ReleaseSlotAsync(ExportSlotUse.Unused);
                    return null;
            }
        }

        /// <summary>When to poll next (where Clover asked to come back, or by the schedule, never past the deadline), and the progress to show meanwhile.</summary>
        private (DateTime Next, PendingExport Export) NextPoll(PendingExport export, DateTime now, DateTime deadline)
        {
            if (export.WaitUntil is { } waitUntil)
            {
                var until = Min(waitUntil.UtcDateTime, deadline);
                context.SetCustomStatus(new WindowProgress("waiting", state.ExportsCreated, export.ExportId, export.PercentComplete, export.WaitReason, until));
                return (until, export);
            }

            var delay = PollSchedule.NextDelay(now - export.CreatedAt, export.PercentComplete, export.Interval, policy.PollInitialInterval / 4);
            context.SetCustomStatus(new WindowProgress("exporting", state.ExportsCreated, export.ExportId, export.PercentComplete));
            return (Min(now + delay, deadline), export with { Interval = TimeSpan.FromTicks(Math.Min(export.Interval.Ticks * 2, policy.PollMaxInterval.Ticks)) });
        }

        private async Task GiveUpExportAsync(PendingExport export, string reason)
        {
            LogExportGivenUp(logger, context.InstanceId, export.ExportId, reason);
            state = state with { Export = null, ExportsAbandoned = state.ExportsAbandoned + 1, LastError = reason };

            // Clover may still run it; if it still holds a Clover slot, the next create's 503 lowers the app's limit.
            await ReleaseSlotAsync(ExportSlotUse.Unused);
        }

        private ExportWindowOutcome OutOfBudget()
        {
            if (state.Export is { } export)
            {
                LogExportGivenUp(logger, context.InstanceId, export.ExportId, "the window ran out of budget");
                state = state with { Export = null, ExportsAbandoned = state.ExportsAbandoned + 1 };
            }

            return Failed($"The window ran out of its budget ({policy.EffectiveWindowBudget}) after {state.ExportsCreated} exports: {state.LastError ?? "still waiting"}");
        }

        private async Task<ExportSlotDecision> RequestSlotAsync(TimeSpan leaseFor, DateTimeOffset? closedUntil = null)
        {
            var decision = await context.CallActivityAsync<ExportSlotDecision>(
                TaskNames.RequestExportSlot, new ExportSlotRequest(input.MerchantId, context.InstanceId, leaseFor, SlotWait, closedUntil), SlotRetry);
            lastSlot = decision;
            if (decision.Granted)
            {
                // Without an app-wide scheduler (limit 0) there is no lease to renew.
                state = state with { HoldsSlot = true, LeaseUntil = decision.Limit > 0 ? context.CurrentUtcDateTime + leaseFor : null };
            }

            return decision;
        }

        /// <summary>
        /// How long a waiting window waits for a releaser's event before asking again (a holder that
        /// died wakes nobody). At least a minute: hundreds of waiters asking more often would keep the
        /// board and the engine busy with nothing to decide.
        /// </summary>
        private TimeSpan SlotWait => input.Version >= 2 && policy.PollMaxInterval < MinimumSlotWait ? MinimumSlotWait : policy.PollMaxInterval;

        /// <summary>Waits for a releasing window's event, or at most <see cref="SlotWait"/>.</summary>
        private async Task WaitForSlotAsync(ExportSlotDecision decision)
        {
            var until = context.CurrentUtcDateTime + SlotWait;
            context.SetCustomStatus(new WindowProgress(
                "waiting-for-slot", state.ExportsCreated + 1, null, 0, "app-wide export limit", until, decision.Position, decision.InUse, decision.Limit));
            ExportTelemetry.WaitStarted(context, "Slot");
            try
            {
                await context.WaitForExternalEvent<bool>(SlotFreedEvent, SlotWait);
            }
            catch (TaskCanceledException)
            {
                // The fallback: ask again.
            }

            ExportTelemetry.WaitEnded(context, "Slot");
        }

        private async Task ReleaseSlotAsync(ExportSlotUse use)
        {
            if (!state.HoldsSlot)
            {
                return;
            }

            var released = await context.CallActivityAsync<ExportSlotReleased>(
                TaskNames.ReleaseExportSlot, new ExportSlotRelease(input.MerchantId, context.InstanceId, use), SlotRetry);
            state = state with { HoldsSlot = false, LeaseUntil = null };
            slotUse = ExportSlotUse.Unused;
            foreach (var waiter in released.Wake)
            {
                context.SendEvent(waiter, SlotFreedEvent, true);
            }
        }

        private async Task SleepAsync(DateTime until, string? reason)
        {
            context.SetCustomStatus(new WindowProgress(
                "waiting", state.ExportsCreated + 1, null, 0, reason, until, 0, lastSlot?.InUse ?? 0, lastSlot?.Limit ?? 0));
            ExportTelemetry.WaitStarted(context, reason);
            await context.CreateTimer(until, CancellationToken.None);
            ExportTelemetry.WaitEnded(context, reason);
        }

        private ExportWindowOutcome Ready(CloverCallResult done) =>
            new(true, done.ExportId, done.FileCount, state.ExportsCreated, null, state.ExportsAbandoned, AvailableUntil: done.AvailableUntil);

        private ExportWindowOutcome Failed(string reason)
        {
            LogWindowFailed(logger, context.InstanceId, reason);
            return new(false, null, 0, state.ExportsCreated, reason, state.ExportsAbandoned);
        }

        /// <summary>Clover said no, to a create or a poll: the window ends; a merchant that is gone ends its run too.</summary>
        private ExportWindowOutcome Refused(CloverCallResult refusal) => refusal.Outcome == CloverCallOutcome.MerchantGone
            ? new(false, null, 0, state.ExportsCreated, refusal.Reason ?? $"Merchant {input.MerchantId} is not configured.", state.ExportsAbandoned, MerchantGone: true)
            : Failed($"Clover refused the export: {refusal.Reason}");

        /// <summary>A replay-safe random fraction in [0, 1): NewGuid returns the same value on every replay.</summary>
        private double Fraction() => (context.NewGuid().GetHashCode() & 0x7fffffff) / ((double)int.MaxValue + 1);

        private static TimeSpan Doubling(TimeSpan first, int count, TimeSpan cap) =>
            TimeSpan.FromTicks(Math.Min(first.Ticks << Math.Min(count - 1, 16), cap.Ticks));

        private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

        private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
    }
}

using CloverExport.Core.Orchestration;
using static CloverExport.Core.Tests.Orchestration.WindowScript;

namespace CloverExport.Core.Tests.Orchestration;

public sealed class ExportWindowOrchestratorTests
{
    [Fact]
    public async Task An_export_polled_to_DONE_is_ready_and_its_slot_released_once()
    {
        var script = new WindowScript();
        script.Statuses.AddRange([Ok("x1", "IN_PROGRESS", 40), Ok("x1", "DONE")]);

        var outcome = await script.RunAsync();

        Assert.True(outcome.Ready);
        Assert.Equal(("x1", 2, 1), (outcome.ExportId, outcome.FileCount, outcome.ExportsCreated));
        Assert.NotNull(outcome.AvailableUntil);
        Assert.Equal([ExportSlotUse.Exported], script.Releases.Select(r => r.Use));
    }

    [Fact]
    public async Task A_stuck_export_holding_the_only_Clover_slot_ends_the_window_within_its_budget_with_a_reason()
    {
        // Clover keeps the stuck export running, so every later create answers a concurrency 503.
        var script = new WindowScript();
        script.Creates.AddRange([Ok("stuck", "IN_PROGRESS"), Wait(CloverUnavailableReason.ConcurrencyLimit)]);
        script.Statuses.Add(Ok("stuck", "IN_PROGRESS", 10));

        var outcome = await script.RunAsync();

        Assert.False(outcome.Ready);
        Assert.Contains("budget", outcome.Error);
        Assert.Equal(1, outcome.ExportsAbandoned);
        // Bounded by the budget over the half-capped backoff (today's main loops every ConcurrencyRetryDelay without end).
        Assert.InRange(script.CreateCount, 2, 10 + (int)(Policy.EffectiveWindowBudget / (Policy.ConcurrencyBackoffCap / 2)));
        Assert.True(script.Context.Now - Start <= Policy.EffectiveWindowBudget + Policy.ConcurrencyBackoffCap);
        Assert.True(script.Generations > 1, "the window continues as new during long waits");
        Assert.False(script.Releases.Count == 0);
    }

    [Fact]
    public async Task An_export_past_its_deadline_is_given_up_counted_and_created_again_a_bounded_number_of_times()
    {
        var script = new WindowScript();
        script.Creates.AddRange([Ok("a", "IN_PROGRESS"), Ok("b", "IN_PROGRESS"), Ok("c", "IN_PROGRESS")]);
        script.Statuses.Add(Ok("a", "IN_PROGRESS", 5));

        var outcome = await script.RunAsync();

        Assert.False(outcome.Ready);
        Assert.Equal((3, 3), (outcome.ExportsCreated, outcome.ExportsAbandoned));
        Assert.Contains("3 export attempts", outcome.Error);
        Assert.Contains("was not DONE within", outcome.Error);
    }

    [Fact]
    public async Task Clover_unreachable_while_polling_waits_and_polls_the_same_export_again()
    {
        var script = new WindowScript();
        var unreachable = Outcome(CloverCallOutcome.Unreachable, "Clover could not be reached");
        script.Statuses.AddRange([unreachable, unreachable, unreachable, unreachable, unreachable, Ok("x1", "DONE")]);

        var outcome = await script.RunAsync();

        Assert.True(outcome.Ready);
        Assert.Equal(1, script.CreateCount);
        Assert.All(script.Context.InputsOf<ExportStatusRequest>(TaskNames.GetExportStatus), r => Assert.Equal("x1", r.ExportId));
    }

    [Fact]
    public async Task A_rate_limit_while_polling_waits_until_Clover_said()
    {
        var script = new WindowScript();
        var retryAt = Start.AddMinutes(20);
        script.Statuses.AddRange([Wait(CloverUnavailableReason.RateLimited, retryAt), Ok("x1", "DONE")]);

        var outcome = await script.RunAsync();

        Assert.True(outcome.Ready);
        Assert.Contains(retryAt, script.Context.Timers);
        Assert.Contains(script.Context.Statuses.OfType<WindowProgress>(), p => p is { Step: "waiting", WaitReason: "RateLimited" });
    }

    [Fact]
    public async Task The_concurrency_backoff_resets_after_a_create_succeeds()
    {
        var script = new WindowScript();
        var busy = Wait(CloverUnavailableReason.ConcurrencyLimit);
        script.Creates.AddRange([busy, busy, busy, busy, Ok("x1", "IN_PROGRESS"), busy, Ok("x2", "DONE")]);
        script.Statuses.Add(Outcome(CloverCallOutcome.Failed, "Clover reported status FAILED."));

        var outcome = await script.RunAsync();

        Assert.True(outcome.Ready);
        var waits = script.Context.Statuses.OfType<WindowProgress>().Where(p => p.WaitReason == "ConcurrencyLimit").ToList();
        Assert.Equal(5, waits.Count);
        var fourth = waits[3].WaitUntil!.Value - waits[2].WaitUntil!.Value;
        Assert.True(fourth >= Policy.EffectiveConcurrencyRetryDelay * 2, "the backoff grew");

        // The wait after the successful create is again at most the first delay from when it started.
        var afterSuccess = script.Context.Timers.Last() - script.Context.Timers[^2];
        Assert.True(afterSuccess <= Policy.EffectiveConcurrencyRetryDelay, $"reset: {afterSuccess}");
        Assert.Equal([ExportSlotUse.ConcurrencyLimited, ExportSlotUse.ConcurrencyLimited, ExportSlotUse.ConcurrencyLimited, ExportSlotUse.ConcurrencyLimited],
            script.Releases.Take(4).Select(r => r.Use));
    }

    [Fact]
    public async Task Concurrency_backoff_delays_double_from_the_Clover_setting_with_jitter_up_to_the_cap()
    {
        var script = new WindowScript();
        script.Creates.AddRange([.. Enumerable.Repeat(Wait(CloverUnavailableReason.ConcurrencyLimit), 6), Ok("x1", "DONE")]);

        await script.RunAsync();

        // Each wait starts right after its create: the timer minus the clock then is the delay.
        var delays = new List<TimeSpan>();
        var clock = Start;
        foreach (var fire in script.Context.Timers)
        {
            delays.Add(fire - clock);
            clock = fire;
        }

        Assert.Equal(6, delays.Count);
        for (var n = 0; n < 6; n++)
        {
            var full = TimeSpan.FromTicks(Math.Min(Policy.EffectiveConcurrencyRetryDelay.Ticks << n, Policy.ConcurrencyBackoffCap.Ticks));
            Assert.InRange(delays[n], full / 2, full);
        }

        Assert.True(delays.Distinct().Count() > 1, "jitter from NewGuid spreads the delays");
    }

    [Fact]
    public async Task Closed_hours_keep_the_app_wide_slot_tell_the_board_and_create_at_the_opening_without_jitter()
    {
        var script = new WindowScript();
        var opening = Start.AddHours(3);
        script.Creates.AddRange([Wait(CloverUnavailableReason.ClosedHours, opening), Ok("x1", "DONE")]);

        var outcome = await script.RunAsync();

        Assert.True(outcome.Ready);
        Assert.Equal(opening, script.Context.Timers[0]);
        var renewal = script.Context.InputsOf<ExportSlotRequest>(TaskNames.RequestExportSlot).ElementAt(1);
        Assert.Equal(new DateTimeOffset(opening), renewal.ClosedUntil);
        Assert.True(renewal.LeaseFor > opening - Start, $"lease {renewal.LeaseFor} ends before the opening");

        // Released once, after the export: never handed to another window that would meet the same closed hours.
        Assert.Equal(ExportSlotUse.Exported, Assert.Single(script.Releases).Use);
    }

    [Fact]
    public async Task Without_the_app_wide_scheduler_closed_hours_wait_until_the_opening_plus_jitter()
    {
        var script = new WindowScript();
        script.Slots.Add(new ExportSlotDecision(true));
        var opening = Start.AddHours(3);
        script.Creates.AddRange([Wait(CloverUnavailableReason.ClosedHours, opening), Ok("x1", "DONE")]);

        var outcome = await script.RunAsync();

        Assert.True(outcome.Ready);
        Assert.InRange(script.Context.Timers[0], opening, opening + Policy.ClosedHoursJitter);
        Assert.Equal(ExportSlotUse.Unused, script.Releases[0].Use);
        Assert.Equal(2, script.Context.CallCount(TaskNames.RequestExportSlot));
    }

    [Fact]
    public async Task A_slot_granted_while_Clover_is_closed_is_held_until_the_opening_the_board_names()
    {
        var script = new WindowScript();
        var opening = Start.AddMinutes(7);
        script.Slots.Add(new ExportSlotDecision(true, opening, InUse: 2, Limit: 3));
        script.Creates.Add(Ok("x1", "DONE"));

        var outcome = await script.RunAsync();

        Assert.True(outcome.Ready);
        Assert.Equal(opening, script.Context.Timers[0]);
        Assert.Equal(1, script.CreateCount);
        Assert.Equal("timer", script.Context.Actions[1].Split(' ')[0]);
    }

    [Fact]
    public async Task A_window_without_a_slot_waits_for_the_freed_slot_event_with_its_queue_position()
    {
        var script = new WindowScript();
        script.Slots.AddRange([new ExportSlotDecision(false, Position: 2, InUse: 3, Limit: 3), new ExportSlotDecision(false, Position: 1, InUse: 3, Limit: 3), new ExportSlotDecision(true, InUse: 3, Limit: 3)]);
        var events = new Queue<bool>([true, false]);
        script.Context.EventArrives = () => events.Dequeue();
        script.Creates.Add(Ok("x1", "DONE"));

        var outcome = await script.RunAsync();

        Assert.True(outcome.Ready);
        var waits = script.Context.Statuses.OfType<WindowProgress>().Where(p => p.Step == "waiting-for-slot").ToList();
        Assert.Equal([2, 1], waits.Select(w => w.SlotPosition));
        Assert.All(waits, w => Assert.Equal((3, 3), (w.SlotsInUse, w.SlotLimit)));
        Assert.Equal(2, script.Context.CallCount("wait:" + ExportWindowOrchestrator.SlotFreedEvent));

        // The event woke the first wait at once; the second fell back after PollMaxInterval.
        Assert.Equal(Start + Policy.PollMaxInterval, script.Context.Now);
    }

    [Fact]
    public async Task Releasing_a_slot_wakes_the_waiters_the_scheduler_names()
    {
        var script = new WindowScript();
        script.WakeOnRelease.Add("other-window");
        script.Creates.Add(Ok("x1", "DONE"));

        await script.RunAsync();

        Assert.Equal([("other-window", ExportWindowOrchestrator.SlotFreedEvent)], script.Context.SentEvents);
    }

    [Fact]
    public async Task The_slot_is_released_when_an_activity_fails_the_window()
    {
        var script = new WindowScript();
        script.Context.Activity = (name, input) => name switch
        {
            TaskNames.RequestExportSlot => new ExportSlotDecision(true, InUse: 1, Limit: 3),
            TaskNames.ReleaseExportSlot => new ExportSlotReleased([]),
            TaskNames.CreateExport => Ok("x1", "IN_PROGRESS"),
            _ => throw FakeOrchestrationContext.Failure(name, "worker lost"),
        };

        await Assert.ThrowsAsync<Microsoft.DurableTask.TaskFailedException>(() => script.RunAsync());

        Assert.Single(script.Releases);
    }

    [Theory]
    [InlineData(CloverCallOutcome.Rejected, "Clover refused the export")]
    [InlineData(CloverCallOutcome.MerchantGone, "is not configured")]
    public async Task A_refused_create_or_a_removed_merchant_ends_the_window_and_releases_the_slot(CloverCallOutcome answer, string error)
    {
        var script = new WindowScript();
        script.Creates.Add(Outcome(answer, "Merchant m1 is not configured."));

        var outcome = await script.RunAsync();

        Assert.False(outcome.Ready);
        Assert.Contains(error, outcome.Error);
        Assert.Equal(answer == CloverCallOutcome.MerchantGone, outcome.MerchantGone);
        Assert.Single(script.Releases);
    }

    [Fact]
    public async Task A_removed_merchant_while_polling_ends_the_window()
    {
        var script = new WindowScript();
        script.Statuses.Add(Outcome(CloverCallOutcome.MerchantGone, "Merchant m1 is not configured."));

        var outcome = await script.RunAsync();

        Assert.True(outcome.MerchantGone);
        Assert.Single(script.Releases);
    }

    [Fact]
    public async Task Server_errors_on_create_back_off_and_end_the_window_after_a_bound()
    {
        var script = new WindowScript();
        script.Creates.Add(Outcome(CloverCallOutcome.Unreachable, "HTTP 500"));

        var outcome = await script.RunAsync();

        Assert.False(outcome.Ready);
        Assert.Contains("failed creates", outcome.Error);
        Assert.Equal((Policy.MaxExportAttempts * ExportWindowOrchestrator.CreateFailuresPerAttempt) + 1, script.CreateCount);
        Assert.Equal(0, outcome.ExportsCreated);
    }

    [Fact]
    public async Task A_FAILED_export_is_created_again_up_to_the_attempts()
    {
        var script = new WindowScript();
        script.Statuses.Add(Outcome(CloverCallOutcome.Failed, "Clover reported status FAILED."));

        var outcome = await script.RunAsync();

        Assert.False(outcome.Ready);
        Assert.Equal(Policy.MaxExportAttempts, script.CreateCount);
        Assert.Contains("FAILED", outcome.Error);
    }

    [Fact]
    public async Task A_held_slot_is_renewed_before_its_lease_lapses_during_a_long_export()
    {
        var script = new WindowScript();
        script.Statuses.AddRange([.. Enumerable.Repeat(Ok("x1", "IN_PROGRESS", 1), 15), Ok("x1", "DONE")]);

        await script.RunAsync();

        var requests = script.Context.InputsOf<ExportSlotRequest>(TaskNames.RequestExportSlot).ToList();
        Assert.True(requests.Count > 1, "renewals while polling");
        Assert.All(requests, r => Assert.True(r.LeaseFor >= ExportWindowOrchestrator.LeaseGrace));
    }

    [Fact]
    public async Task A_stale_retry_time_still_waits_and_the_budget_spans_generations()
    {
        // Clover keeps answering closed hours with an opening already past: no spinning, and the
        // budget (counted from the first generation's start) ends the window.
        var script = new WindowScript();
        script.Creates.Add(Wait(CloverUnavailableReason.ClosedHours, Start.AddMinutes(-5)));
        var policy = Policy with { WindowBudget = TimeSpan.FromHours(1) };

        var outcome = await script.RunAsync(policy);

        Assert.Contains("budget", outcome.Error);
        Assert.True(script.Generations >= 2);
        Assert.InRange(script.Context.Now - Start, policy.WindowBudget, policy.WindowBudget + policy.PollInitialInterval);
        Assert.All(script.Context.Timers, t => Assert.True(t > Start));
    }
}

using CloverExport.Core.Orchestration;
using CloverExport.Core.Scheduling;

namespace CloverExport.Core.Tests.Scheduling;

public sealed class ExportSlotBoardTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(1);

    private readonly ExportSlotBoard board = new();
    private readonly List<SlotLease> expired = [];

    private ExportSlotDecision Ask(string holder, DateTimeOffset? at = null, int max = 2) =>
        board.Acquire(new ExportSlotRequest(holder.Split('/')[0], holder, Lease, Wait), at ?? Now, max, expired);

    private IReadOnlyList<string> Free(string holder, ExportSlotUse use = ExportSlotUse.Exported, DateTimeOffset? at = null, int max = 2) =>
        board.Release(new ExportSlotRelease(holder.Split('/')[0], holder, use), at ?? Now, max, expired);

    [Fact]
    public void Slots_are_granted_up_to_the_limit_then_windows_queue_in_arrival_order()
    {
        Assert.True(Ask("a/1").Granted);
        Assert.True(Ask("b/1").Granted);
        var c = Ask("c/1");
        var d = Ask("d/1");

        Assert.Equal((false, 1, 2, 2), (c.Granted, c.Position, c.InUse, c.Limit));
        Assert.Equal((false, 2), (d.Granted, d.Position));
    }

    [Fact]
    public void A_freed_slot_goes_to_the_oldest_waiter_not_to_a_newcomer_and_the_releaser_names_it()
    {
        Ask("a/1");
        Ask("b/1");
        Ask("c/1");

        Assert.Equal(["c/1"], Free("a/1"));
        Assert.False(Ask("new/1").Granted);
        Assert.True(Ask("c/1").Granted);
    }

    [Fact]
    public void A_holder_renews_its_lease_and_a_lease_not_renewed_is_reclaimed_and_counted()
    {
        Ask("a/1");
        Ask("b/1");
        Assert.True(Ask("a/1", Now.AddMinutes(4)).Granted);

        var later = Ask("c/1", Now.AddMinutes(6));

        Assert.True(later.Granted);
        Assert.Equal(["b/1"], expired.Select(l => l.HolderId));
        Assert.Equal(1, board.LeasesReclaimed);
        Assert.Contains(board.Holders, h => h.HolderId == "a/1");
    }

    [Fact]
    public void A_waiter_silent_past_two_of_its_announced_waits_leaves_the_queue()
    {
        Ask("a/1", max: 1);
        Ask("dead/1", max: 1);
        Ask("b/1", max: 1);

        // b asks again after each wait; dead does not.
        var after = Now;
        for (var i = 0; i < 3; i++)
        {
            after += Wait;
            Assert.True(Ask("a/1", after, max: 1).Granted);
            Ask("b/1", after, max: 1);
        }

        Assert.DoesNotContain(board.Waiters, w => w.HolderId == "dead/1");
        Assert.Equal(["b/1"], Free("a/1", at: after, max: 1));
    }

    [Fact]
    public void A_waiter_asking_again_changes_nothing_until_its_place_needs_refreshing()
    {
        Ask("a/1", max: 1);
        Ask("b/1", max: 1);
        var placed = board.Waiters.Single();

        Ask("b/1", Now + Wait, max: 1);
        Assert.Equal(placed, board.Waiters.Single());

        Ask("b/1", Now + (2 * Wait), max: 1);
        Assert.True(board.Waiters.Single().ExpectedBy > placed.ExpectedBy);
    }

    [Fact]
    public void A_freed_slot_is_reserved_for_the_woken_waiter_and_frees_again_when_it_does_not_claim_it()
    {
        Ask("a/1", max: 1);
        Ask("gone/1", max: 1);
        Ask("b/1", max: 1);

        Assert.Equal(["gone/1"], Free("a/1", max: 1));
        Assert.False(Ask("b/1", Now.AddSeconds(1), max: 1).Granted);

        // A retried release still names the waiter holding the reservation.
        Assert.Equal(["gone/1"], Free("a/1", at: Now.AddSeconds(2), max: 1));

        var late = Now + ExportSlotBoard.ClaimGrace + TimeSpan.FromSeconds(1);
        Assert.True(Ask("b/1", late, max: 1).Granted);
        Assert.Equal(["gone/1"], expired.Select(l => l.HolderId));
    }

    [Fact]
    public void A_claimed_reservation_is_a_full_lease()
    {
        Ask("a/1", max: 1);
        Ask("b/1", max: 1);
        Free("a/1", max: 1);

        Assert.True(Ask("b/1", Now.AddSeconds(1), max: 1).Granted);

        var held = Assert.Single(board.Holders);
        Assert.False(held.Reserved);
        Assert.Equal(Now.AddSeconds(1) + Lease, held.Until);
    }

    [Fact]
    public void Closed_hours_reported_by_a_holder_hold_back_every_create_but_slots_are_still_granted_and_held_through_them()
    {
        var opening = Now.AddMinutes(20);
        Ask("a/1");
        board.Acquire(new ExportSlotRequest("a", "a/1", Lease, Wait, opening), Now.AddSeconds(1), 2, expired);

        var b = Ask("b/1", Now.AddSeconds(2));

        Assert.Equal((true, (DateTimeOffset?)opening), (b.Granted, b.RetryAt));
        Assert.Equal(opening + Lease, board.Holders.Single(h => h.HolderId == "b/1").Until);

        // Once open, nobody is told to wait.
        Free("b/1", at: opening);
        var c = Ask("c/1", opening.AddSeconds(1));
        Assert.Equal((true, (DateTimeOffset?)null), (c.Granted, c.RetryAt));
        Assert.Null(board.ClosedUntil);
    }

    [Fact]
    public void A_concurrency_503_below_the_limit_halves_it_and_accepted_exports_grow_it_back()
    {
        Ask("a/1", max: 4);
        Ask("b/1", max: 4);
        Free("a/1", ExportSlotUse.ConcurrencyLimited, max: 4);
        Assert.Equal(2, board.Limit);

        Free("b/1", ExportSlotUse.ConcurrencyLimited, max: 4);
        Assert.Equal(1, board.Limit);

        for (var i = 0; i < 12; i++)
        {
            Ask($"m{i}/1", max: 4);
            Free($"m{i}/1", ExportSlotUse.Exported, max: 4);
        }

        Assert.Equal(4, board.Limit);
    }

    [Fact]
    public void A_lowered_limit_holds_back_grants_even_when_fewer_slots_than_the_setting_are_held()
    {
        Ask("a/1", max: 3);
        Ask("b/1", max: 3);
        Free("b/1", ExportSlotUse.ConcurrencyLimited, max: 3);

        var c = Ask("c/1", max: 3);

        Assert.Equal((false, 1, 1), (c.Granted, c.InUse, c.Limit));
    }

    [Fact]
    public void Releasing_a_queue_place_frees_nothing_and_a_release_is_idempotent()
    {
        Ask("a/1", max: 1);
        Ask("b/1", max: 1);

        Assert.Empty(Free("b/1", max: 1));
        Assert.Empty(board.Waiters);
        Free("a/1", max: 1);
        Free("a/1", max: 1);
        Assert.Empty(board.Holders);
    }
}

using CloverExport.Core.Orchestration;

namespace CloverExport.Core.Scheduling;

/// <summary>A held app-wide export slot; it frees by itself at <see cref="Until"/> unless its holder renews it.</summary>
/// <param name="Reserved">Handed to a woken waiter that has not claimed it yet (by asking).</param>
public sealed record SlotLease(string HolderId, string MerchantId, DateTimeOffset GrantedAt, DateTimeOffset Until, bool Reserved = false);

/// <summary>A window waiting for a slot, in arrival order; it leaves the queue when silent past <see cref="ExpectedBy"/>.</summary>
public sealed record SlotWaiter(string HolderId, string MerchantId, DateTimeOffset Since, DateTimeOffset ExpectedBy);

/// <summary>
/// The app-wide slot state, as stored in one blob: holders with leases, a first-come queue of
/// waiters, the adaptive limit and when Clover last said it is closed. Pure:
/// <see cref="BlobExportSlotScheduler"/> loads, changes and saves it under an ETag condition, so every
/// decision is made on the latest state by one writer, and skips the write when nothing changed.
/// </summary>
public sealed class ExportSlotBoard
{
    /// <summary>How long a waiter may stay silent beyond the wait it announced (a slow activity, a busy worker).</summary>
    internal static readonly TimeSpan WaiterGrace = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a slot handed to a woken waiter stays reserved for it: its claim is one orchestration
    /// step away. A waiter that died (terminated, its process gone) costs the slot this long, once.
    /// </summary>
    internal static readonly TimeSpan ClaimGrace = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(2);

    /// <summary>The effective limit (AIMD): halves on a concurrency 503, grows by 1/limit per accepted export, never above the setting.</summary>
    public double Limit { get; set; }

    public List<SlotLease> Holders { get; set; } = [];

    public List<SlotWaiter> Waiters { get; set; } = [];

    /// <summary>Leases freed because their holder stopped renewing (crash, termination, deploy).</summary>
    public long LeasesReclaimed { get; set; }

    /// <summary>
    /// Until when Clover refuses creates (a holder's closed-hours 503 said so). Slots are still granted
    /// meanwhile, so the next exports start the moment Clover opens, but nobody asks Clover before.
    /// </summary>
    public DateTimeOffset? ClosedUntil { get; set; }

    /// <summary>Grants, renewals and queueing; <paramref name="expired"/> receives the leases freed on the way.</summary>
    public ExportSlotDecision Acquire(ExportSlotRequest request, DateTimeOffset now, int maxLimit, List<SlotLease> expired)
    {
        ExpireAsOf(now, maxLimit, expired);
        if (request.ClosedUntil is { } closed && closed > now && (ClosedUntil is null || closed > ClosedUntil))
        {
            ClosedUntil = closed;
        }

        // A slot granted while Clover is closed is held through the closed time.
        var leaseFor = request.LeaseFor > TimeSpan.Zero ? request.LeaseFor : DefaultLease;
        var until = Later(now, ClosedUntil) + leaseFor;
        var held = Holders.FindIndex(h => h.HolderId == request.HolderId);
        if (held >= 0)
        {
            // Renewing never shortens a lease; asking claims a reservation.
            var lease = Holders[held];
            Holders[held] = lease with { Until = Later(until, lease.Until), Reserved = false };

            return Decision(true, 0, now);
        }

        var free = Capacity;
        var queued = Waiters.FindIndex(w => w.HolderId == request.HolderId);
        if (free > 0 && (queued >= 0 ? queued < free : Waiters.Count < free))
        {
            if (queued >= 0)
            {
                Waiters.RemoveAt(queued);
            }

            Holders.Add(new SlotLease(request.HolderId, request.MerchantId, now, until));
            return Decision(true, 0, now);
        }

        // A waiter asks again after its announced wait; its place is kept for two of them, and only
        // refreshed (written) when less than one is left, so a queue of hundreds mostly only reads.
        var waitFor = request.WaitFor > TimeSpan.Zero ? request.WaitFor : DefaultWait;
        var expectedBy = now + (2 * waitFor) + WaiterGrace;
        if (queued < 0)
        {
            Waiters.Add(new SlotWaiter(request.HolderId, request.MerchantId, now, expectedBy));
            queued = Waiters.Count - 1;
        }
        else if (Waiters[queued].ExpectedBy - now < waitFor + WaiterGrace)
        {
            Waiters[queued] = Waiters[queued] with { ExpectedBy = expectedBy };
        }

        return Decision(false, queued + 1, now);
    }

    /// <summary>
    /// Frees the holder's slot (or queue place), adapts the limit, and reserves the freed slots for the
    /// oldest waiters. Names every waiter holding an unclaimed reservation (so a release retried after
    /// a lost answer still wakes them): the releaser wakes them, and each claims its slot by asking.
    /// </summary>
    public IReadOnlyList<string> Release(ExportSlotRelease release, DateTimeOffset now, int maxLimit, List<SlotLease> expired)
    {
        ExpireAsOf(now, maxLimit, expired);
        var wasHolder = Holders.RemoveAll(h => h.HolderId == release.HolderId) > 0;
        Waiters.RemoveAll(w => w.HolderId == release.HolderId);
        if (wasHolder && release.Use == ExportSlotUse.ConcurrencyLimited)
        {
            // Clover is fuller than our own count says (other apps, orphaned exports): back off hard.
            Limit = Math.Max(1, Math.Floor(Limit / 2));
        }
        else if (wasHolder && release.Use == ExportSlotUse.Exported)
        {
            Limit = Math.Min(maxLimit, Limit + (1 / Limit));
        }

        while (Capacity > 0 && Waiters.Count > 0)
        {
            var next = Waiters[0];
            Waiters.RemoveAt(0);
            Holders.Add(new SlotLease(next.HolderId, next.MerchantId, now, Later(now, ClosedUntil) + ClaimGrace, Reserved: true));
        }

        return [.. Holders.Where(h => h.Reserved).Select(h => h.HolderId)];
    }

    /// <summary>Slots free under the effective limit.</summary>
    public int Capacity => (int)Math.Floor(Limit) - Holders.Count;

    /// <summary>
    /// The board as its next decision sees it: leases and waiters silent past their time dropped (the
    /// leases into <paramref name="expired"/>), a closed time in the past forgotten, the limit within
    /// 1..<paramref name="maxLimit"/> (a board never written has the full limit).
    /// </summary>
    public void ExpireAsOf(DateTimeOffset now, int maxLimit, List<SlotLease>? expired = null)
    {
        Limit = Limit <= 0 ? maxLimit : Math.Clamp(Limit, 1, maxLimit);
        expired?.AddRange(Holders.Where(h => h.Until <= now));

        LeasesReclaimed += Holders.RemoveAll(h => h.Until <= now);
        Waiters.RemoveAll(w => w.ExpectedBy <= now);
        if (ClosedUntil <= now)
        {
            ClosedUntil = null;
        }
    }

    private ExportSlotDecision Decision(bool granted, int position, DateTimeOffset now) =>
        new(granted, granted && ClosedUntil > now ? ClosedUntil : null, position, Holders.Count, (int)Math.Floor(Limit));

    private static DateTimeOffset Later(DateTimeOffset now, DateTimeOffset? other) => other > now ? other.Value : now;
}

using CloverExport.Core.Orchestration;

namespace CloverExport.Core.Scheduling;

/// <summary>A held app-wide export slot; it frees by itself at <see cref="Until"/> unless its holder renews it.</summary>
public sealed record SlotLease(string HolderId, string MerchantId, DateTimeOffset GrantedAt, DateTimeOffset Until);

/// <summary>A window waiting for a slot, in arrival order; it leaves the queue when silent past <see cref="ExpectedBy"/>.</summary>
public sealed record SlotWaiter(string HolderId, string MerchantId, DateTimeOffset Since, DateTimeOffset ExpectedBy);

/// <summary>
/// The app-wide slot state, as stored in one blob: holders with leases, a first-come queue of
/// waiters and the adaptive limit. Pure: <see cref="BlobExportSlotScheduler"/> loads, changes and
/// saves it under an ETag condition, so every decision is made on the latest state by one writer.
/// </summary>
public sealed class ExportSlotBoard
{
    /// <summary>How long a waiter may stay silent beyond the wait it announced (a slow activity, a busy worker).</summary>
    internal static readonly TimeSpan WaiterGrace = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan DefaultWait = TimeSpan.FromMinutes(2);

    /// <summary>The effective limit (AIMD): halves on a concurrency 503, grows by 1/limit per accepted export, never above the setting.</summary>
    public double Limit { get; set; }

    public List<SlotLease> Holders { get; set; } = [];

    public List<SlotWaiter> Waiters { get; set; } = [];

    /// <summary>Leases freed because their holder stopped renewing (crash, termination, deploy).</summary>
    public long LeasesReclaimed { get; set; }

    /// <summary>Grants, renewals and queueing; <paramref name="expired"/> receives the leases freed on the way.</summary>
    public ExportSlotDecision Acquire(ExportSlotRequest request, DateTimeOffset now, int maxLimit, List<SlotLease> expired)
    {
        Prepare(now, maxLimit, expired);
        var leaseFor = request.LeaseFor > TimeSpan.Zero ? request.LeaseFor : DefaultLease;
        var held = Holders.FindIndex(h => h.HolderId == request.HolderId);
        if (held >= 0)
        {
            Holders[held] = Holders[held] with { Until = now + leaseFor };
            return Decision(true, 0);
        }

        var free = Capacity;
        var queued = Waiters.FindIndex(w => w.HolderId == request.HolderId);
        if (free > 0 && (queued >= 0 ? queued < free : Waiters.Count < free))
        {
            if (queued >= 0)
            {
                Waiters.RemoveAt(queued);
            }

            Holders.Add(new SlotLease(request.HolderId, request.MerchantId, now, now + leaseFor));
            return Decision(true, 0);
        }

        var expectedBy = now + (request.WaitFor > TimeSpan.Zero ? request.WaitFor : DefaultWait) + WaiterGrace;
        if (queued >= 0)
        {
            Waiters[queued] = Waiters[queued] with { ExpectedBy = expectedBy };
        }
        else
        {
            Waiters.Add(new SlotWaiter(request.HolderId, request.MerchantId, now, expectedBy));
            queued = Waiters.Count - 1;
        }

        return Decision(false, queued + 1);
    }

    /// <summary>Frees the holder's slot (or queue place), adapts the limit, and names the waiters to wake.</summary>
    public IReadOnlyList<string> Release(ExportSlotRelease release, DateTimeOffset now, int maxLimit, List<SlotLease> expired)
    {
        Prepare(now, maxLimit, expired);
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

        return [.. Waiters.Take(Math.Max(0, Capacity)).Select(w => w.HolderId)];
    }

    /// <summary>Slots free under the effective limit.</summary>
    public int Capacity => (int)Math.Floor(Limit) - Holders.Count;

    private void Prepare(DateTimeOffset now, int maxLimit, List<SlotLease> expired)
    {
        Limit = Limit <= 0 ? maxLimit : Math.Clamp(Limit, 1, maxLimit);
        foreach (var lease in Holders.Where(h => h.Until <= now))
        {
            expired.Add(lease);
        }

        LeasesReclaimed += Holders.RemoveAll(h => h.Until <= now);
        Waiters.RemoveAll(w => w.ExpectedBy <= now);
    }

    private ExportSlotDecision Decision(bool granted, int position) =>
        new(granted, null, position, Holders.Count, (int)Math.Floor(Limit));
}

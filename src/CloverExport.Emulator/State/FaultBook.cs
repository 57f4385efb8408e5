namespace CloverExport.Emulator.State;

/// <summary>Scripted faults waiting to hit requests; each hit consumes one of its <c>Count</c>.</summary>
internal sealed class FaultBook(TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly List<PendingFault> faults = [];

    public void Add(EmulatorFault fault)
    {
        if (fault.Count < 1)
        {
            throw new ArgumentException("A fault's count must be at least 1.", nameof(fault));
        }

        var closedUntil = fault is { Kind: EmulatorFaultKind.ClosedHours, DurationSeconds: { } seconds }
            ? time.GetUtcNow().AddSeconds(seconds)
            : (DateTimeOffset?)null;
        lock (gate)
        {
            faults.Add(new PendingFault(fault, fault.Count, closedUntil));
        }
    }

    public void Clear()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    /// <summary>The first pending fault of this kind for this merchant, consumed once; null if none.</summary>
    public FaultHit? TryConsume(EmulatorFaultKind kind, string? merchantId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            faults.RemoveAll(f => f.ClosedUntil <= now);
            var index = faults.FindIndex(f => f.Fault.Kind == kind && (f.Fault.MerchantId is null || f.Fault.MerchantId == merchantId));
            if (index < 0)
            {
                return null;
            }

            var pending = faults[index];
            if (pending.ClosedUntil is null)
            {
                // Time-boxed closed hours stay until they run out; everything else is counted down.
                if (pending.Remaining <= 1)
                {
                    faults.RemoveAt(index);
                }
                else
                {
                    faults[index] = pending with { Remaining = pending.Remaining - 1 };
                }
            }

            return new FaultHit(pending.Fault, pending.ClosedUntil);
        }
    }

    private sealed record PendingFault(EmulatorFault Fault, int Remaining, DateTimeOffset? ClosedUntil);
}

namespace CloverExport.Emulator.Data;

/// <summary>
/// Changes to objects after their creation, on a schedule of their own that is a pure function of
/// (seed, object id): orders go from open to locked, get their note edited or are deleted; payments
/// are voided, tip-adjusted or refunded. Each change sets modifiedTime to its time, a delay after
/// createdTime drawn log-uniformly between MutationDelayMin and MutationDelayMax, in a band per kind
/// (voids soonest, refunds latest). With MutationPercent 0 nothing changes and objects exist from
/// DataStart on, as before mutations existed.
/// </summary>
internal sealed class ObjectChanges(int seed, EmulatorOptions options)
{
    private readonly double logMin = Math.Log(options.MutationDelayMin.TotalMilliseconds);
    private readonly double logMax = Math.Log(options.MutationDelayMax.TotalMilliseconds);

    public bool Enabled => options.MutationPercent > 0;

    /// <summary>How long after its creation an object can still change (plus a day for the initial modifiedTime).</summary>
    public long LookbackMs => (Enabled ? (long)options.MutationDelayMax.TotalMilliseconds : 0) + MerchantData.DayMs;

    /// <summary>The object as it was at <paramref name="asOfMs"/>; null when it did not exist yet (changes enabled) or was deleted by then.</summary>
    public IExportObject? AsOf(IExportObject created, long asOfMs)
    {
        if (!Enabled)
        {
            return created;
        }

        if (created.CreatedTime > asOfMs)
        {
            return null;
        }

        var state = created;
        foreach (var change in Schedule(created))
        {
            if (change.Time > asOfMs)
            {
                break;
            }

            state = change.Kind == ChangeKind.Delete ? null : Apply(state!, change);
            if (state is null)
            {
                return null;
            }
        }

        return state;
    }

    /// <summary>When the object is deleted, if ever.</summary>
    public long? DeletedTime(IExportObject created) =>
        Enabled ? Schedule(created).Where(c => c.Kind == ChangeKind.Delete).Select(c => (long?)c.Time).FirstOrDefault() : null;

    /// <summary>The object's changes in time order (empty for most objects).</summary>
    private List<Change> Schedule(IExportObject created)
    {
        var rng = new DeterministicRandom(DeterministicRandom.Mix(seed ^ 0x5EED_C4A9, DeterministicRandom.Hash(created.Id)));
        var changes = new List<Change>(2);
        if (!rng.Chance(options.MutationPercent))
        {
            return changes;
        }

        if (created is Order order)
        {
            if (order.State == "open" && rng.Chance(70))
            {
                changes.Add(new Change(ChangeKind.Lock, Time(ref rng, created, 0.10, 0.50), 0));
            }

            if (rng.Chance(40) || changes.Count == 0)
            {
                changes.Add(new Change(ChangeKind.EditNote, Time(ref rng, created, 0.20, 0.90), 0));
            }

            if (rng.Chance(25))
            {
                changes.Add(new Change(ChangeKind.Delete, Time(ref rng, created, 0.30, 0.80), 0));
            }
        }
        else
        {
            var roll = rng.Next(0, 100);
            if (roll < 25)
            {
                changes.Add(new Change(ChangeKind.Void, Time(ref rng, created, 0.0, 0.25), 0));
            }
            else
            {
                var tip = roll < 60 || rng.Chance(30);
                if (tip)
                {
                    changes.Add(new Change(ChangeKind.AdjustTip, Time(ref rng, created, 0.30, 0.70), rng.Next(10, 26)));
                }

                if (roll >= 60 || rng.Chance(30))
                {
                    changes.Add(new Change(ChangeKind.Refund, Time(ref rng, created, 0.50, 1.0), (long)(rng.NextUInt64() >> 1)));
                }
            }
        }

        changes.Sort((a, b) => a.Time.CompareTo(b.Time));
        return changes;
    }

    private long Time(ref DeterministicRandom rng, IExportObject created, double bandFrom, double bandTo)
    {
        var u = bandFrom + ((bandTo - bandFrom) * (rng.Next(0, 1_000_000) / 1_000_000.0));
        var delay = Math.Max(1, (long)Math.Exp(logMin + ((logMax - logMin) * u)));

        // A change is always later than the object's own last modification at creation.
        return Math.Max(created.CreatedTime + delay, created.ModifiedTime + 1);
    }

    private static IExportObject Apply(IExportObject state, Change change) => (state, change.Kind) switch
    {
        (Order o, ChangeKind.Lock) => o with { State = "locked", ModifiedTime = change.Time },
        (Order o, ChangeKind.EditNote) => o with { Note = o.Note.Length == 0 ? "Edited" : o.Note + " (edited)", ModifiedTime = change.Time },
        (Payment p, ChangeKind.Void) => p with { Result = "VOIDED", ModifiedTime = change.Time },
        (Payment p, ChangeKind.AdjustTip) => p with { TipAmount = p.Amount * change.Value / 100, ModifiedTime = change.Time },
        (Payment p, ChangeKind.Refund) => p with
        {
            Refunds = new ElementList<IdRef>([.. p.Refunds.Elements, new IdRef(RefundId(change.Value))]),
            ModifiedTime = change.Time,
        },
        _ => state,
    };

    private static string RefundId(long value)
    {
        var rng = new DeterministicRandom((ulong)value);
        return rng.NextId();
    }

    private enum ChangeKind
    {
        Lock,
        EditNote,
        Delete,
        Void,
        AdjustTip,
        Refund,
    }

    /// <param name="Value">Tip percent for AdjustTip, the refund id's seed for Refund.</param>
    private sealed record Change(ChangeKind Kind, long Time, long Value);
}

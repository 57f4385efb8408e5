namespace CloverExport.Emulator.State;

/// <summary>All exports and the external load, with the concurrency limits applied atomically at creation.</summary>
internal sealed class ExportRegistry(int maxPerMerchant, int maxPerApp, CounterBook counters)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ExportJob> exports = new(StringComparer.Ordinal);
    private readonly List<ExternalLoad> externalLoads = [];

    /// <summary>
    /// Creates and adds an export unless the merchant or the app (own exports plus external load)
    /// already runs its maximum (false = concurrency 503). <paramref name="create"/> runs only when
    /// there is room, so faults it consumes are not wasted on rejected creates.
    /// </summary>
    public bool TryAdd(string merchantId, DateTimeOffset now, Func<ExportJob> create)
    {
        lock (gate)
        {
            var active = exports.Values.Where(e => e.IsActive(now)).ToList();
            var merchantActive = active.Count(e => e.MerchantId == merchantId);
            if (merchantActive >= maxPerMerchant || active.Count + ExternalSlots(now) >= maxPerApp)
            {
                return false;
            }

            var job = create();
            exports.Add(job.Id, job);
            counters.ExportCreated(job.MerchantId, merchantActive + 1, active.Count + 1);
            return true;
        }
    }

    public ExportJob? Find(string id)
    {
        lock (gate)
        {
            return exports.GetValueOrDefault(id);
        }
    }

    public void AddExternalLoad(ExternalLoad load)
    {
        lock (gate)
        {
            externalLoads.Add(load);
        }
    }

    public void ClearExternalLoad()
    {
        lock (gate)
        {
            externalLoads.Clear();
        }
    }

    /// <summary>Facts about all exports at <paramref name="now"/>, for the counters.</summary>
    public ExportStats Stats(DateTimeOffset now)
    {
        lock (gate)
        {
            var active = exports.Values.Where(e => e.IsActive(now)).ToList();
            return new ExportStats(
                active.Count,
                active.GroupBy(e => e.MerchantId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
                ExternalSlots(now),
                (long)exports.Values.Sum(e => e.BusyTime(now).TotalMilliseconds),
                exports.Values.Where(e => e.IsOrphan(now)).OrderBy(e => e.CreatedAt).Select(e => e.Id).ToList(),
                exports.Values.Count(e => e.NeverPolled));
        }
    }

    private int ExternalSlots(DateTimeOffset now)
    {
        externalLoads.RemoveAll(l => l.Until <= now);
        return externalLoads.Sum(l => l.Slots);
    }
}

/// <summary>What <see cref="ExportRegistry.Stats"/> reports.</summary>
internal sealed record ExportStats(
    int ActiveApp,
    IReadOnlyDictionary<string, int> ActivePerMerchant,
    int ExternalSlots,
    long BusyMs,
    IReadOnlyList<string> OrphanIds,
    int NeverPolled);

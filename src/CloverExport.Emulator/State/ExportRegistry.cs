namespace CloverExport.Emulator.State;

/// <summary>All exports, with the concurrency limits applied atomically at creation.</summary>
internal sealed class ExportRegistry(int maxPerMerchant, int maxPerApp, CounterBook counters)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ExportJob> exports = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates and adds an export unless the merchant or the app already runs its maximum (false =
    /// concurrency 503). <paramref name="create"/> runs only when there is room, so faults it consumes
    /// are not wasted on rejected creates.
    /// </summary>
    public bool TryAdd(string merchantId, DateTimeOffset now, Func<ExportJob> create)
    {
        lock (gate)
        {
            var active = exports.Values.Where(e => e.IsActive(now)).ToList();
            var merchantActive = active.Count(e => e.MerchantId == merchantId);
            if (merchantActive >= maxPerMerchant || active.Count >= maxPerApp)
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
}

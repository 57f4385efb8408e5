namespace CloverExport.Emulator.State;

/// <summary>Thread-safe tallies behind <see cref="EmulatorCounters"/>.</summary>
internal sealed class CounterBook
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Route, int Status), long> requests = [];
    private readonly Dictionary<string, int> peakPerMerchant = new(StringComparer.Ordinal);
    private long exportsCreated;
    private int peakApp;
    private long fileRequests;
    private long fileRequestsWithAuthorization;
    private long tokenRefreshes;
    private long tokenRefreshesRejected;
    private long closedHoursResponses;
    private long concurrencyResponses;

    public void Request(string route, int status)
    {
        lock (gate)
        {
            requests[(route, status)] = requests.GetValueOrDefault((route, status)) + 1;
        }
    }

    public void ExportCreated(string merchantId, int activeForMerchant, int activeForApp)
    {
        lock (gate)
        {
            exportsCreated++;
            peakPerMerchant[merchantId] = Math.Max(peakPerMerchant.GetValueOrDefault(merchantId), activeForMerchant);
            peakApp = Math.Max(peakApp, activeForApp);
        }
    }

    public void FileRequest(bool carriedAuthorization)
    {
        lock (gate)
        {
            fileRequests++;
            if (carriedAuthorization)
            {
                fileRequestsWithAuthorization++;
            }
        }
    }

    public void ClosedHoursAnswered() => Interlocked.Increment(ref closedHoursResponses);

    public void ConcurrencyAnswered() => Interlocked.Increment(ref concurrencyResponses);

    public void TokenRefreshed() => Interlocked.Increment(ref tokenRefreshes);

    public void TokenRefreshRejected() => Interlocked.Increment(ref tokenRefreshesRejected);

    public EmulatorCounters Snapshot(ExportStats exports)
    {
        lock (gate)
        {
            return new EmulatorCounters(
                requests.OrderBy(r => r.Key.Route, StringComparer.Ordinal).ThenBy(r => r.Key.Status)
                    .Select(r => new RouteStatusCount(r.Key.Route, r.Key.Status, r.Value)).ToList(),
                exportsCreated,
                new Dictionary<string, int>(peakPerMerchant, StringComparer.Ordinal),
                peakApp,
                fileRequests,
                fileRequestsWithAuthorization,
                Interlocked.Read(ref tokenRefreshes),
                Interlocked.Read(ref tokenRefreshesRejected))
            {
                CurrentConcurrentExportsApp = exports.ActiveApp,
                CurrentConcurrentExports = exports.ActivePerMerchant,
                ExternalLoadSlots = exports.ExternalSlots,
                ExportBusyMs = exports.BusyMs,
                ClosedHoursResponses = Interlocked.Read(ref closedHoursResponses),
                ConcurrencyResponses = Interlocked.Read(ref concurrencyResponses),
                OrphanedExportIds = exports.OrphanIds,
                ExportsNeverPolled = exports.NeverPolled,
            };
        }
    }
}

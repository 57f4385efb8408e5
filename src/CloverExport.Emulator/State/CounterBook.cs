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

    public EmulatorCounters Snapshot()
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
                fileRequestsWithAuthorization);
        }
    }
}

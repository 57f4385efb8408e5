namespace CloverExport.Emulator;

/// <summary>A snapshot of what clients did to the emulator.</summary>
public sealed record EmulatorCounters(
    IReadOnlyList<RouteStatusCount> Requests,
    long ExportsCreated,
    IReadOnlyDictionary<string, int> PeakConcurrentExports,
    int PeakConcurrentExportsApp,
    long FileRequests,
    long FileRequestsWithAuthorization)
{
    /// <summary>Requests for a route template such as "POST /v3/merchants/{mId}/exports", optionally with one status.</summary>
    public long RequestCount(string route, int? status = null) =>
        Requests.Where(r => r.Route == route && (status is null || r.Status == status)).Sum(r => r.Count);
}

/// <summary>Requests answered on one route template with one status code.</summary>
public sealed record RouteStatusCount(string Route, int Status, long Count);

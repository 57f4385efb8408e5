namespace CloverExport.Emulator;

/// <summary>A snapshot of what clients did to the emulator.</summary>
public sealed record EmulatorCounters(
    IReadOnlyList<RouteStatusCount> Requests,
    long ExportsCreated,
    IReadOnlyDictionary<string, int> PeakConcurrentExports,
    int PeakConcurrentExportsApp,
    long FileRequests,
    long FileRequestsWithAuthorization,
    long TokenRefreshes = 0,
    long TokenRefreshesRejected = 0)
{
    /// <summary>Own exports PENDING or IN_PROGRESS now, across all merchants (external load not included).</summary>
    public int CurrentConcurrentExportsApp { get; init; }

    /// <summary>Exports PENDING or IN_PROGRESS now, per merchant (merchants with none left out).</summary>
    public IReadOnlyDictionary<string, int> CurrentConcurrentExports { get; init; } = new Dictionary<string, int>();

    /// <summary>Slots held by external load ("other apps") now.</summary>
    public int ExternalLoadSlots { get; init; }

    /// <summary>Σ over exports of create → DONE/FAILED, or create → now while unfinished (ms): slot time used.</summary>
    public long ExportBusyMs { get; init; }

    /// <summary>Creates answered with the closed-hours 503 (hours or a ClosedHours fault).</summary>
    public long ClosedHoursResponses { get; init; }

    /// <summary>Creates answered with the concurrency 503 (a limit, external load or a ConcurrencyLimit fault).</summary>
    public long ConcurrencyResponses { get; init; }

    /// <summary>Exports that are DONE but were never read as DONE or whose files were not all downloaded in full.</summary>
    public int OrphanedExports => OrphanedExportIds.Count;

    /// <summary>Ids of the <see cref="OrphanedExports"/>, oldest first.</summary>
    public IReadOnlyList<string> OrphanedExportIds { get; init; } = [];

    /// <summary>Exports whose status was never read after the create.</summary>
    public int ExportsNeverPolled { get; init; }

    /// <summary>Requests for a route template such as "POST /v3/merchants/{mId}/exports", optionally with one status.</summary>
    public long RequestCount(string route, int? status = null) =>
        Requests.Where(r => r.Route == route && (status is null || r.Status == status)).Sum(r => r.Count);
}

/// <summary>Requests answered on one route template with one status code.</summary>
public sealed record RouteStatusCount(string Route, int Status, long Count);

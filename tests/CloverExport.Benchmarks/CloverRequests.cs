namespace CloverExport.Benchmarks;

/// <summary>What a client asked Clover (the emulator's counters), by kind of request.</summary>
internal sealed record CloverRequests(long Exports, long Creates, long StatusGets, long FileGets, long Throttled)
{
    public long Total => Creates + StatusGets + FileGets;

    public double PerExport => Exports == 0 ? 0 : (double)Total / Exports;

    public static CloverRequests From(EmulatorCounters counters)
    {
        long Count(Func<RouteStatusCount, bool> match) => counters.Requests.Where(match).Sum(r => r.Count);
        return new CloverRequests(
            counters.ExportsCreated,
            Count(r => r.Route.StartsWith("POST /v3/", StringComparison.Ordinal)),
            Count(r => r.Route.StartsWith("GET /v3/", StringComparison.Ordinal)),
            Count(r => r.Route.StartsWith("GET /files/", StringComparison.Ordinal)),
            Count(r => r.Status == 429));
    }

    /// <summary>"12.3 (1 create, 9.3 status, 2.0 file)" per export.</summary>
    public string Describe() => Exports == 0
        ? "no export"
        : $"{Fmt.Number(PerExport)} ({Fmt.Number((double)Creates / Exports)} create, {Fmt.Number((double)StatusGets / Exports)} status, {Fmt.Number((double)FileGets / Exports)} file)";
}

namespace CloverExport.Benchmarks;

/// <summary>The emulator's processing time of exports: base + per-thousand × the window's objects (its ground truth).</summary>
internal static class ProcessingTime
{
    /// <summary>Sum over the windows: what the exports cost with one slot, instant polling and no waits.</summary>
    public static TimeSpan Sum(CloverEmulatorHost emulator, string merchantId, IEnumerable<ExportWindow> windows, TimeSpan processingBase, TimeSpan perThousand) =>
        windows.Aggregate(TimeSpan.Zero, (sum, w) =>
        {
            var objects = emulator.GroundTruth(merchantId, w.Type.ToWireName(), w.Start.ToUnixTimeMilliseconds(), w.End.ToUnixTimeMilliseconds()).Count;
            return sum + processingBase + (perThousand * (objects / 1000.0));
        });
}

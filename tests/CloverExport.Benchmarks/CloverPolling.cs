namespace CloverExport.Benchmarks;

/// <summary>Create-and-poll with the Clover client directly, the way Clover's own example does it (no orchestration).</summary>
internal static class CloverPolling
{
    /// <summary>Creates an export of <paramref name="window"/> and polls it, doubling the interval up to <paramref name="maxInterval"/>, until DONE.</summary>
    public static async Task<CloverExportJob> ExportAsync(
        ICloverExportClient clover, string merchantId, ExportWindow window, TimeSpan initialInterval, TimeSpan maxInterval, CancellationToken cancellationToken)
    {
        var job = await clover.CreateExportAsync(merchantId, window.Type, window.Start, window.End, cancellationToken);
        var interval = initialInterval;
        while (!job.IsTerminal)
        {
            await Task.Delay(interval, cancellationToken);
            interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, maxInterval.Ticks));
            job = await clover.GetExportAsync(merchantId, job.Id, cancellationToken);
        }

        return job.Status == CloverExportStatus.Done
            ? job
            : throw new InvalidOperationException($"Export {job.Id} ended {job.RawStatus}.");
    }
}

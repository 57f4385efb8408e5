namespace CloverExport.Benchmarks;

/// <summary>What one window cost the baseline: waiting for Clover, then copying its files.</summary>
internal sealed record BaselineWindow(ExportWindow Window, TimeSpan Export, TimeSpan Copy, int Files);

/// <summary>
/// Clover's example flow, one window after the other: create an export, poll it until DONE, download
/// each file (here through the same <see cref="ExportFileCopier"/> into the same storage), then the
/// next export. No orchestration, nothing overlaps.
/// </summary>
internal sealed class SequentialBaseline(ICloverExportClient clover, ExportFileCopier copier, TimeSpan pollInitial, TimeSpan pollMax)
{
    public async Task<IReadOnlyList<BaselineWindow>> RunAsync(string merchantId, IReadOnlyList<ExportWindow> windows, CancellationToken cancellationToken)
    {
        var done = new List<BaselineWindow>();
        foreach (var window in windows)
        {
            var clock = Stopwatch.StartNew();
            var job = await CloverPolling.ExportAsync(clover, merchantId, window, pollInitial, pollMax, cancellationToken);
            var exported = clock.Elapsed;
            for (var i = 0; i < job.FileUrls.Count; i++)
            {
                await copier.CopyAsync(merchantId, window, job.Id, i, cancellationToken);
            }

            done.Add(new BaselineWindow(window, exported, clock.Elapsed - exported, job.FileUrls.Count));
        }

        return done;
    }
}

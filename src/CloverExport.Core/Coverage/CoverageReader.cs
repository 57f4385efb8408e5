using Azure.Storage.Blobs.Models;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Coverage;

/// <summary>
/// Gathers a merchant's <see cref="CoverageFacts"/> from the container (one listing of its folder
/// plus the failure logs) and hands them to <see cref="CoverageCalculator"/>. What is running is
/// the host's to say: the Functions app reads it from the merchant's run, the CLI has none.
/// </summary>
public sealed class CoverageReader(ExportContainer container, WindowFailureLog failures, IOptions<ExportOptions> options, TimeProvider time)
{
    /// <param name="from">First instant to show; null for the merchant's backfill start.</param>
    /// <param name="to">Last instant to show; null for now.</param>
    /// <param name="running">Windows a run is exporting or copying now.</param>
    public async Task<MerchantCoverage> ReadAsync(
        MerchantInfo merchant,
        DateTimeOffset? from,
        DateTimeOffset? to,
        IReadOnlyCollection<ExportWindow> running,
        CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var backfillStart = merchant.BackfillStart ?? settings.BackfillStart;
        var types = merchant.Types is { Count: > 0 } own ? own : settings.ParsedTypes();
        var (committed, incomplete) = await ListWindowsAsync(merchant.Id, cancellationToken);
        var facts = new Dictionary<ExportType, CoverageFacts>();
        foreach (var type in types.Distinct())
        {
            facts[type] = new CoverageFacts(
                [.. committed.Where(c => c.Window.Type == type).OrderBy(c => c.Window.Start)],
                [.. incomplete.Where(w => w.Type == type).OrderBy(w => w.Start)],
                await failures.ReadAsync(merchant.Id, type, cancellationToken),
                [.. running.Where(w => w.Type == type)]);
        }

        var horizon = SettledEnd.At(now, settings.SettleLag, settings.RunEndAlignment);
        return CoverageCalculator.Compute(merchant.Id, backfillStart, from ?? backfillStart, to ?? now, horizon, now, facts);
    }

    /// <summary>The windows a merchant run's custom status lists as being exported or copied.</summary>
    public static IReadOnlyList<ExportWindow> RunningWindows(ExportProgress? progress) =>
        progress?.Active is { } active
            ? [.. active.Select(a => ExportTypes.TryParse(a.Type, out var type) ? new ExportWindow(type, a.Start, a.End) : null).OfType<ExportWindow>()]
            : [];

    /// <summary>
    /// Committed windows (a manifest; its blob's last-modified time is when it was written, manifests
    /// being write-once) and window folders with parts but no manifest.
    /// </summary>
    private async Task<(List<CommittedWindow> Committed, List<ExportWindow> Incomplete)> ListWindowsAsync(string merchantId, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var manifests = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var item in blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = merchantId + "/" }, cancellationToken))
        {
            var slash = item.Name.LastIndexOf('/');
            var folder = item.Name[..(slash + 1)];
            folders.Add(folder);
            if (item.Name.EndsWith("/" + BlobLayout.ManifestFileName, StringComparison.Ordinal))
            {
                manifests[folder] = item.Properties.LastModified ?? item.Properties.CreatedOn ?? default;
            }
        }

        var committed = new List<CommittedWindow>();
        var incomplete = new List<ExportWindow>();
        foreach (var folder in folders)
        {
            if (WindowOf(folder) is not { } window)
            {
                continue;
            }

            if (manifests.TryGetValue(folder, out var at))
            {
                committed.Add(new CommittedWindow(window, at));
            }
            else
            {
                incomplete.Add(window);
            }
        }

        return (committed, incomplete);
    }

    private static ExportWindow? WindowOf(string folder)
    {
        foreach (var type in ExportTypes.All)
        {
            if (BlobLayout.TryParseManifestName(folder + BlobLayout.ManifestFileName, type, out var window))
            {
                return window;
            }
        }

        return null;
    }
}

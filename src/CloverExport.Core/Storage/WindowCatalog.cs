using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using Microsoft.Extensions.Logging;

namespace CloverExport.Core.Storage;

/// <summary>
/// What is committed in the container, read from the manifests (the source of truth), and the
/// commit of a window: manifest first, then the watermark advanced under an ETag.
/// </summary>
public sealed partial class WindowCatalog(ExportContainer container, TimeProvider time, ILogger<WindowCatalog> logger)
{
    /// <summary>The committed windows of one merchant and type, from the manifests' names.</summary>
    public async Task<IReadOnlyList<ExportWindow>> ListCommittedAsync(string merchantId, ExportType type, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var windows = new List<ExportWindow>();
        await foreach (var item in blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = BlobLayout.TypePrefix(merchantId, type) }, cancellationToken))
        {
            if (BlobLayout.TryParseManifestName(item.Name, type, out var window))
            {
                windows.Add(window);
            }
        }

        return windows;
    }

    /// <summary>The committed ranges per type, for planning.</summary>
    public async Task<IReadOnlyDictionary<ExportType, TimeRangeSet>> CoverageAsync(string merchantId, IEnumerable<ExportType> types, CancellationToken cancellationToken)
    {
        var coverage = new Dictionary<ExportType, TimeRangeSet>();
        foreach (var type in types.Distinct())
        {
            var set = new TimeRangeSet();
            foreach (var window in await ListCommittedAsync(merchantId, type, cancellationToken))
            {
                set.Add(new TimeRange(window.Start, window.End));
            }

            coverage[type] = set;
        }

        return coverage;
    }

    public async Task<WindowManifest?> ReadManifestAsync(string merchantId, ExportWindow window, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        try
        {
            var content = await blobs.GetBlobClient(BlobLayout.ManifestName(merchantId, window)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson(StorageJsonContext.Default.WindowManifest);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes a copied window complete: removes parts a previous attempt left that this export did not
    /// produce, writes the manifest, then advances the watermark.
    /// </summary>
    /// <exception cref="InvalidOperationException">The window overlaps a different committed window (a concurrent run).</exception>
    public async Task<WindowManifest> CommitAsync(string merchantId, ExportWindow window, string exportId, IReadOnlyList<CopiedFile> files, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var overlapping = (await ListCommittedAsync(merchantId, window.Type, cancellationToken))
            .Where(w => w != window && new TimeRange(w.Start, w.End).Overlaps(new TimeRange(window.Start, window.End)))
            .ToList();
        if (overlapping.Count > 0)
        {
            throw new InvalidOperationException(
                $"Window {window} overlaps committed window {overlapping[0]}; another run exported this range. Nothing was committed.");
        }

        var folder = BlobLayout.WindowFolder(merchantId, window);
        var keep = files.Select(f => f.BlobName).ToHashSet(StringComparer.Ordinal);
        await foreach (var item in blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = folder }, cancellationToken))
        {
            if (!keep.Contains(item.Name) && !item.Name.EndsWith(BlobLayout.ManifestFileName, StringComparison.Ordinal))
            {
                await blobs.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken);
            }
        }

        var ordered = files.OrderBy(f => f.Index).ToList();
        var manifest = new WindowManifest(
            merchantId,
            window.Type.ToWireName(),
            window.Start,
            window.End,
            exportId,
            ordered.Sum(f => f.Objects),
            ordered.Sum(f => f.ContentBytes),
            [.. ordered.Select(f => new ManifestFile(f.BlobName[folder.Length..], f.Objects, f.ContentBytes, f.StoredBytes, f.Sha256))],
            time.GetUtcNow(),
            container.Gzip);
        await blobs.GetBlobClient(BlobLayout.ManifestName(merchantId, window)).UploadAsync(
            BinaryData.FromObjectAsJson(manifest, StorageJsonContext.Default.WindowManifest),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
        LogCommitted(logger, merchantId, window.ToString(), manifest.ObjectCount, ordered.Count);

        await AdvanceWatermarkAsync(merchantId, window.Type, cancellationToken);
        return manifest;
    }

    public async Task<Watermark?> ReadWatermarkAsync(string merchantId, ExportType type, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        return (await ReadWatermarkAsync(blobs.GetBlobClient(BlobLayout.WatermarkName(merchantId, type)), cancellationToken)).Watermark;
    }

    /// <summary>
    /// Recomputes the watermark from the manifests and stores it if it moved forward. The ETag
    /// condition keeps two writers from replacing a newer watermark with an older one.
    /// </summary>
    private async Task AdvanceWatermarkAsync(string merchantId, ExportType type, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var blob = blobs.GetBlobClient(BlobLayout.WatermarkName(merchantId, type));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (current, etag) = await ReadWatermarkAsync(blob, cancellationToken);
            var windows = await ListCommittedAsync(merchantId, type, cancellationToken);
            var set = new TimeRangeSet();
            foreach (var w in windows)
            {
                set.Add(new TimeRange(w.Start, w.End));
            }

            var from = set.Ranges.Count > 0 ? set.Ranges[0].Start : (DateTimeOffset?)null;
            var through = from is { } start ? set.CoveredThrough(start) : null;
            if (current is not null && current.From == from && current.CoveredThrough >= through && current.Windows == windows.Count)
            {
                return;
            }

            var next = new Watermark(merchantId, type.ToWireName(), from, through, windows.Count, time.GetUtcNow());
            var conditions = etag is { } tag ? new BlobRequestConditions { IfMatch = tag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                await blob.UploadAsync(
                    BinaryData.FromObjectAsJson(next, StorageJsonContext.Default.Watermark),
                    new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                    cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another writer moved it first: read again and recompute.
            }
        }

        throw new InvalidOperationException($"Could not update the watermark of {merchantId} {type.ToWireName()}: too many concurrent writers.");
    }

    private static async Task<(Watermark? Watermark, ETag? ETag)> ReadWatermarkAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            return (content.Value.Content.ToObjectFromJson(StorageJsonContext.Default.Watermark), content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, null);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed {MerchantId} {Window}: {Objects} objects in {Files} files")]
    private static partial void LogCommitted(ILogger logger, string merchantId, string window, long objects, int files);
}

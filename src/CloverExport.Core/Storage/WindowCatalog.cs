using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
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
    // A commit takes well under a second; the lease outlives a slow one and frees a dead holder's lock.
    private static readonly TimeSpan CommitLockLease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommitLockWait = TimeSpan.FromSeconds(90);

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
            coverage[type] = TimeRangeSet.Of(await ListCommittedAsync(merchantId, type, cancellationToken));
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
    /// Makes a copied window complete. Under a lease on the merchant-and-type commit lock: refuses a
    /// window that overlaps a different committed one, and writes the manifest only if the window has
    /// none (write-once). Then removes parts the manifest does not list (an earlier attempt's, or a
    /// losing concurrent run's) and advances the watermark.
    /// </summary>
    /// <returns>The window's manifest: this export's, or the one a concurrent run committed first.</returns>
    /// <exception cref="InvalidOperationException">The window overlaps a different committed window.</exception>
    public async Task<WindowManifest> CommitAsync(string merchantId, ExportWindow window, string exportId, IReadOnlyList<CopiedFile> files, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var folder = BlobLayout.WindowFolder(merchantId, window);
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

        var committed = await WithCommitLockAsync(blobs, merchantId, window.Type, async () =>
        {
            var overlapping = (await ListCommittedAsync(merchantId, window.Type, cancellationToken))
                .Where(w => new TimeRange(w.Start, w.End).Overlaps(new TimeRange(window.Start, window.End)))
                .ToList();
            if (overlapping.Contains(window))
            {
                return await ReadManifestAsync(merchantId, window, cancellationToken)
                    ?? throw new InvalidOperationException($"The manifest of {window} vanished while it was being committed.");
            }

            if (overlapping.Count > 0)
            {
                throw new InvalidOperationException(
                    $"Window {window} overlaps committed window {overlapping[0]}; another run exported this range. Nothing was committed.");
            }

            await blobs.GetBlobClient(BlobLayout.ManifestName(merchantId, window)).UploadAsync(
                BinaryData.FromObjectAsJson(manifest, StorageJsonContext.Default.WindowManifest),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken);
            return manifest;
        }, cancellationToken);

        if (committed.ExportId == exportId)
        {
            LogCommitted(logger, merchantId, window.ToString(), committed.ObjectCount, committed.Files.Count);
        }
        else
        {
            LogAlreadyCommitted(logger, merchantId, window.ToString(), committed.ExportId);
        }

        var keep = committed.Files.Select(f => folder + f.Name).ToHashSet(StringComparer.Ordinal);
        await foreach (var item in blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = folder }, cancellationToken))
        {
            if (!keep.Contains(item.Name) && !item.Name.EndsWith(BlobLayout.ManifestFileName, StringComparison.Ordinal))
            {
                await blobs.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken);
            }
        }

        await AdvanceWatermarkAsync(merchantId, window.Type, cancellationToken);
        return committed;
    }

    /// <summary>
    /// Runs <paramref name="action"/> while holding a lease on the merchant-and-type commit lock, so
    /// that concurrent runs (two CLI processes, a schedule and an ad hoc run) commit one at a time.
    /// A holder that dies loses the lease when it expires.
    /// </summary>
    private async Task<T> WithCommitLockAsync<T>(BlobContainerClient blobs, string merchantId, ExportType type, Func<Task<T>> action, CancellationToken cancellationToken)
    {
        var lockBlob = blobs.GetBlobClient(BlobLayout.CommitLockName(merchantId, type));
        try
        {
            await lockBlob.UploadAsync(BinaryData.Empty, new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Exists already (possibly leased right now).
        }

        var lease = lockBlob.GetBlobLeaseClient();
        var deadline = time.GetUtcNow() + CommitLockWait;
        while (true)
        {
            try
            {
                await lease.AcquireAsync(CommitLockLease, cancellationToken: cancellationToken);
                break;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && time.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
            }
        }

        try
        {
            return await action();
        }
        finally
        {
            await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
        }
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
            var set = TimeRangeSet.Of(windows);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{MerchantId} {Window} was already committed by export {ExportId}; this copy was discarded")]
    private static partial void LogAlreadyCommitted(ILogger logger, string merchantId, string window, string exportId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed {MerchantId} {Window}: {Objects} objects in {Files} files")]
    private static partial void LogCommitted(ILogger logger, string merchantId, string window, long objects, int files);
}

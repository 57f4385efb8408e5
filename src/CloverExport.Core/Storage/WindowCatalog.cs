using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using System.Globalization;
using CloverExport.Core.Clover;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Storage;

/// <summary>
/// What is committed in the container, read from the manifests (the source of truth), and the
/// commit of a window snapshot: manifest first, then superseded snapshots past their retention
/// removed, then the watermark advanced under an ETag.
/// </summary>
public sealed partial class WindowCatalog(ExportContainer container, TimeProvider time, IOptions<ExportOptions> options, ILogger<WindowCatalog> logger)
{
    // A commit takes well under a second; the lease outlives a slow one and frees a dead holder's lock.
    private static readonly TimeSpan CommitLockLease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommitLockWait = TimeSpan.FromSeconds(90);

    /// <summary>Metadata on a manifest blob, so a listing tells each snapshot's time without reading it.</summary>
    private static class Metadata
    {
        public const string ExportedAt = "exportedat";
        public const string Revision = "revision";
    }

    /// <summary>Every committed snapshot of one merchant and type, from the manifests' names and metadata.</summary>
    public async Task<IReadOnlyList<WindowSnapshot>> ListSnapshotsAsync(string merchantId, ExportType type, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var snapshots = new List<WindowSnapshot>();
        var listing = new GetBlobsOptions { Prefix = BlobLayout.TypePrefix(merchantId, type), Traits = BlobTraits.Metadata };
        await foreach (var item in blobs.GetBlobsAsync(listing, cancellationToken))
        {
            if (BlobLayout.TryParseManifestName(item.Name, type, out var window))
            {
                snapshots.Add(new WindowSnapshot(window, ExportedAt(item)));
            }
        }

        return snapshots;
    }

    /// <summary>The current (newest) snapshot of each committed window of one merchant and type.</summary>
    public async Task<IReadOnlyList<WindowSnapshot>> ListCurrentAsync(string merchantId, ExportType type, CancellationToken cancellationToken) =>
        Current(await ListSnapshotsAsync(merchantId, type, cancellationToken));

    /// <summary>The committed windows of one merchant and type, each at its current revision.</summary>
    public async Task<IReadOnlyList<ExportWindow>> ListCommittedAsync(string merchantId, ExportType type, CancellationToken cancellationToken) =>
        [.. (await ListCurrentAsync(merchantId, type, cancellationToken)).Select(s => s.Window)];

    /// <summary>The newest snapshot of each window: the reader's first rule.</summary>
    public static IReadOnlyList<WindowSnapshot> Current(IEnumerable<WindowSnapshot> snapshots) =>
        [.. snapshots
            .GroupBy(s => (s.Window.Type, s.Window.Start, s.Window.End))
            .Select(g => g.MaxBy(s => s.Window.Revision)!)
            .OrderBy(s => s.Window.Start)];

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
    /// Makes a copied snapshot of a window complete. Under a lease on the merchant-and-type commit
    /// lock: a first snapshot (revision 0) is refused when it overlaps a different committed window;
    /// a revisit needs its window committed. The manifest is written only if that revision has none
    /// (write-once). Then snapshots superseded longer than <c>Export:SnapshotRetention</c> ago are
    /// removed, and parts no remaining manifest lists (an earlier attempt's, a losing concurrent
    /// run's, a crashed revisit's), and the watermark advances.
    /// </summary>
    /// <returns>The snapshot's manifest: this export's, or the one a concurrent run committed first.</returns>
    /// <exception cref="InvalidOperationException">The window overlaps a different committed window, or a revisit's window is not committed.</exception>
    public async Task<WindowManifest> CommitAsync(string merchantId, ExportWindow window, string exportId, IReadOnlyList<CopiedFile> files, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var folder = BlobLayout.WindowFolder(merchantId, window);
        var ordered = files.OrderBy(f => f.Index).ToList();
        var exportedAt = time.GetUtcNow();
        var manifest = new WindowManifest(
            merchantId,
            window.Type.ToWireName(),
            window.Start,
            window.End,
            exportId,
            ordered.Sum(f => f.Objects),
            ordered.Sum(f => f.ContentBytes),
            [.. ordered.Select(f => new ManifestFile(f.BlobName[folder.Length..], f.Objects, f.ContentBytes, f.StoredBytes, f.Sha256))],
            exportedAt,
            container.Gzip,
            window.Revision);

        var committed = await WithCommitLockAsync(blobs, merchantId, window.Type, async () =>
        {
            var current = await ListCurrentAsync(merchantId, window.Type, cancellationToken);
            var same = current.FirstOrDefault(s => s.Window.SameRangeAs(window));
            if (same is not null && same.Window.Revision >= window.Revision)
            {
                // This revision (or a newer one) was committed by another run first.
                var existing = same.Window.Revision == window.Revision ? window : same.Window;
                return await ReadManifestAsync(merchantId, existing, cancellationToken)
                    ?? throw new InvalidOperationException($"The manifest of {existing} vanished while it was being committed.");
            }

            if (window.IsRevisit && same is null)
            {
                throw new InvalidOperationException($"Revisit {window} has no committed window to supersede. Nothing was committed.");
            }

            var overlapping = current.Select(s => s.Window)
                .FirstOrDefault(w => !w.SameRangeAs(window) && new TimeRange(w.Start, w.End).Overlaps(new TimeRange(window.Start, window.End)));
            if (overlapping is not null)
            {
                throw new InvalidOperationException(
                    $"Window {window} overlaps committed window {overlapping}; another run exported this range. Nothing was committed.");
            }

            await blobs.GetBlobClient(BlobLayout.ManifestName(merchantId, window)).UploadAsync(
                BinaryData.FromObjectAsJson(manifest, StorageJsonContext.Default.WindowManifest),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                    Metadata = new Dictionary<string, string>
                    {
                        [Metadata.ExportedAt] = exportedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                        [Metadata.Revision] = window.Revision.ToString(CultureInfo.InvariantCulture),
                    },
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

        await RemoveSupersededAsync(blobs, merchantId, window, cancellationToken);
        await AdvanceWatermarkAsync(merchantId, window.Type, cancellationToken);
        return committed;
    }

    /// <summary>
    /// In one window's folder: deletes snapshots superseded longer than the retention ago (manifest
    /// first, so no reader starts on a snapshot whose parts go next), then every part that no
    /// remaining manifest lists. The newest snapshot is always kept.
    /// </summary>
    private async Task RemoveSupersededAsync(BlobContainerClient blobs, string merchantId, ExportWindow window, CancellationToken cancellationToken)
    {
        var folder = BlobLayout.WindowFolder(merchantId, window);
        var snapshots = new List<WindowSnapshot>();
        var others = new List<string>();
        await foreach (var item in blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = folder, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (BlobLayout.TryParseManifestName(item.Name, window.Type, out var snapshot))
            {
                snapshots.Add(new WindowSnapshot(snapshot, ExportedAt(item)));
            }
            else
            {
                others.Add(item.Name);
            }
        }

        snapshots.Sort((a, b) => a.Window.Revision.CompareTo(b.Window.Revision));
        var retention = options.Value.SnapshotRetention;
        var kept = new List<WindowSnapshot>();
        for (var i = 0; i < snapshots.Count; i++)
        {
            var supersededAt = i + 1 < snapshots.Count ? snapshots[i + 1].ExportedAt : (DateTimeOffset?)null;
            if (supersededAt is { } at && retention is { } keepFor && at + keepFor <= time.GetUtcNow())
            {
                await blobs.DeleteBlobIfExistsAsync(BlobLayout.ManifestName(merchantId, snapshots[i].Window), cancellationToken: cancellationToken);
                LogSnapshotRemoved(logger, merchantId, snapshots[i].Window.ToString());
            }
            else
            {
                kept.Add(snapshots[i]);
            }
        }

        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var snapshot in kept)
        {
            if (await ReadManifestAsync(merchantId, snapshot.Window, cancellationToken) is not { } manifest)
            {
                // Removed by a concurrent commit meanwhile: keep every part rather than guess.
                return;
            }

            listed.UnionWith(manifest.Files.Select(f => folder + f.Name));
        }

        foreach (var name in others.Where(n => !listed.Contains(n)))
        {
            await blobs.DeleteBlobIfExistsAsync(name, cancellationToken: cancellationToken);
        }
    }

    // Manifests written before snapshots existed have no metadata: their blob's creation is the commit.
    private static DateTimeOffset ExportedAt(BlobItem item) =>
        item.Metadata is { } metadata && metadata.TryGetValue(Metadata.ExportedAt, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : item.Properties.CreatedOn ?? item.Properties.LastModified ?? DateTimeOffset.MinValue;

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
            var snapshots = await ListCurrentAsync(merchantId, type, cancellationToken);
            var set = TimeRangeSet.Of(snapshots.Select(s => s.Window));
            var from = set.Ranges.Count > 0 ? set.Ranges[0].Start : (DateTimeOffset?)null;
            var through = from is { } start ? set.CoveredThrough(start) : null;
            var ages = options.Value.RevisitAges();
            var final = TimeRangeSet.Of(snapshots.Where(s => RevisitPlanner.IsFinal(s, ages)).Select(s => s.Window));
            var finalThrough = from is { } first ? final.CoveredThrough(first) : null;
            if (current is not null && current.From == from && current.CoveredThrough >= through && current.Windows == snapshots.Count
                && current.FinalThrough == finalThrough)
            {
                return;
            }

            var next = new Watermark(merchantId, type.ToWireName(), from, through, snapshots.Count, time.GetUtcNow(), finalThrough);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed superseded snapshot {MerchantId} {Window} (past Export:SnapshotRetention)")]
    private static partial void LogSnapshotRemoved(ILogger logger, string merchantId, string window);

    [LoggerMessage(Level = LogLevel.Information, Message = "Committed {MerchantId} {Window}: {Objects} objects in {Files} files")]
    private static partial void LogCommitted(ILogger logger, string merchantId, string window, long objects, int files);
}

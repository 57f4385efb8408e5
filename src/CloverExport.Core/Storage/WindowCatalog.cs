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
    // The lease frees a dead holder's lock within 30 s; a live holder renews it every 10 s (and once
    // more right before it writes the manifest), so a slow commit keeps it for as long as it runs.
    private static readonly TimeSpan CommitLockLease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommitLockRenewal = TimeSpan.FromSeconds(10);
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
        return await ListSnapshotsAsync(blobs, BlobLayout.TypePrefix(merchantId, type), type, cancellationToken);
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

    /// <summary>
    /// The current snapshot of each committed window per type, for planning. Planning pays for the
    /// full listing anyway, so it also folds into each watermark any window a commit could not add
    /// (it failed after its manifest), and how far every window has had all its revisits.
    /// </summary>
    public async Task<IReadOnlyDictionary<ExportType, IReadOnlyList<WindowSnapshot>>> CurrentSnapshotsAsync(
        string merchantId, IEnumerable<ExportType> types, CancellationToken cancellationToken)
    {
        var current = new Dictionary<ExportType, IReadOnlyList<WindowSnapshot>>();
        var ages = options.Value.RevisitAges();
        foreach (var type in types.Distinct())
        {
            var snapshots = await ListCurrentAsync(merchantId, type, cancellationToken);
            current[type] = snapshots;
            var covered = TimeRangeSet.Of(snapshots.Select(s => s.Window));
            var final = TimeRangeSet.Of(snapshots.Where(s => RevisitPlanner.IsFinal(s, ages)).Select(s => s.Window));
            var finalThrough = covered.Ranges.Count > 0 ? final.CoveredThrough(covered.Ranges[0].Start) : null;
            await AddToWatermarkAsync(merchantId, type, [.. snapshots.Select(s => s.Window)], cancellationToken, (finalThrough, true));
        }

        return current;
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
    /// Makes a copied snapshot of a window complete. Under a lease on the merchant-and-type commit
    /// lock: a first snapshot (revision 0) is refused when it overlaps a different committed window;
    /// a revisit needs its window committed. The manifest is written only if that revision has none
    /// (write-once). Then snapshots superseded longer than <c>Export:SnapshotRetention</c> ago are
    /// removed, and parts no remaining manifest lists (an earlier attempt's, a losing concurrent run's,
    /// a crashed revisit's), and the watermark advances. Its cost does not depend on the merchant's
    /// history: it reads only the months of the window's 30-day block, its own folder and the watermark.
    /// </summary>
    /// <returns>The snapshot's manifest: this export's, or the one a concurrent run committed first.</returns>
    /// <exception cref="ArgumentException">The window crosses a 30-day block boundary (planned windows never do).</exception>
    /// <exception cref="InvalidOperationException">The window overlaps a different committed window, a revisit's window is not committed, or the commit lock was lost.</exception>
    public async Task<WindowManifest> CommitAsync(string merchantId, ExportWindow window, string exportId, IReadOnlyList<CopiedFile> files, CancellationToken cancellationToken)
    {
        // Overlap is only looked for inside the window's block: that holds because no window crosses one.
        if (TimeBlocks.StartOf(window.Start) != TimeBlocks.StartOf(window.End) || window.End < window.Start)
        {
            throw new ArgumentException($"Window {window} does not lie inside one 30-day block.", nameof(window));
        }

        var blobs = await container.GetAsync();
        var manifest = BuildManifest(merchantId, window, exportId, files, time.GetUtcNow());
        var committed = await WithCommitLockAsync(
            blobs, merchantId, window.Type, (renewNow, lockToken) => WriteManifestAsync(blobs, manifest, window, renewNow, lockToken), cancellationToken);

        if (committed.ExportId == exportId)
        {
            LogCommitted(logger, merchantId, window.ToString(), committed.ObjectCount, committed.Files.Count);
        }
        else
        {
            LogAlreadyCommitted(logger, merchantId, window.ToString(), committed.ExportId);
        }

        await RemoveSupersededAsync(blobs, merchantId, window, cancellationToken);
        await AddToWatermarkAsync(merchantId, window.Type, [window], cancellationToken);
        return committed;
    }

    private WindowManifest BuildManifest(string merchantId, ExportWindow window, string exportId, IReadOnlyList<CopiedFile> files, DateTimeOffset exportedAt)
    {
        var folder = BlobLayout.WindowFolder(merchantId, window);
        var ordered = files.OrderBy(f => f.Index).ToList();
        return new WindowManifest(
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
    }

    /// <summary>
    /// Under the commit lock: writes <paramref name="manifest"/> unless this revision (or a newer one) is
    /// committed already, in which case that manifest is returned. Throws when the commit would overlap
    /// another window or a revisit has nothing to supersede.
    /// </summary>
    private async Task<WindowManifest> WriteManifestAsync(
        BlobContainerClient blobs, WindowManifest manifest, ExportWindow window, Func<Task> renewNow, CancellationToken lockToken)
    {
        var merchantId = manifest.MerchantId;
        var current = await ListCommittedInBlockAsync(blobs, merchantId, window, lockToken);
        var same = current.FirstOrDefault(w => w.SameRangeAs(window));
        if (same is not null && same.Revision >= window.Revision)
        {
            // This revision (or a newer one) was committed by another run first.
            var existing = same.Revision == window.Revision ? window : same;
            return await ReadManifestAsync(merchantId, existing, lockToken)
                ?? throw new InvalidOperationException($"The manifest of {existing} vanished while it was being committed.");
        }

        if (window.IsRevisit && same is null)
        {
            throw new InvalidOperationException($"Revisit {window} has no committed window to supersede. Nothing was committed.");
        }

        var overlapping = current.FirstOrDefault(w => !w.SameRangeAs(window) && new TimeRange(w.Start, w.End).Overlaps(new TimeRange(window.Start, window.End)));
        if (overlapping is not null)
        {
            throw new InvalidOperationException(
                $"Window {window} overlaps committed window {overlapping}; another run exported this range. Nothing was committed.");
        }

        // The manifest is another blob, so its write cannot carry the lock's lease: renew just
        // before it instead, so the lock is known held (for a full lease) when the write starts.
        await renewNow();
        await blobs.GetBlobClient(BlobLayout.ManifestName(merchantId, window)).UploadAsync(
            BinaryData.FromObjectAsJson(manifest, StorageJsonContext.Default.WindowManifest),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Metadata = new Dictionary<string, string>
                {
                    [Metadata.ExportedAt] = manifest.CompletedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    [Metadata.Revision] = window.Revision.ToString(CultureInfo.InvariantCulture),
                },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            },
            lockToken);
        return manifest;
    }

    /// <summary>
    /// The committed windows (each at its current revision) that can overlap <paramref name="window"/>:
    /// those of its 30-day block, found under the (at most three) month folders the block touches.
    /// </summary>
    private static async Task<List<ExportWindow>> ListCommittedInBlockAsync(BlobContainerClient blobs, string merchantId, ExportWindow window, CancellationToken cancellationToken)
    {
        var snapshots = new List<WindowSnapshot>();
        foreach (var prefix in BlobLayout.MonthPrefixes(merchantId, window.Type, TimeBlocks.StartOf(window.Start), TimeBlocks.EndOf(window.Start)))
        {
            snapshots.AddRange(await ListSnapshotsAsync(blobs, prefix, window.Type, cancellationToken));
        }

        return [.. Current(snapshots).Select(s => s.Window)];
    }

    private static async Task<List<WindowSnapshot>> ListSnapshotsAsync(BlobContainerClient blobs, string prefix, ExportType type, CancellationToken cancellationToken)
    {
        var snapshots = new List<WindowSnapshot>();
        await foreach (var item in blobs.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (BlobLayout.TryParseManifestName(item.Name, type, out var window))
            {
                snapshots.Add(new WindowSnapshot(window, ExportedAt(item)));
            }
        }

        return snapshots;
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
    /// The lease is renewed in the background for as long as the action runs; the action gets a
    /// renew-now callback and a token that is cancelled if the lease is lost. A holder that dies loses
    /// the lease when it expires.
    /// </summary>
    private async Task<T> WithCommitLockAsync<T>(BlobContainerClient blobs, string merchantId, ExportType type, Func<Func<Task>, CancellationToken, Task<T>> action, CancellationToken cancellationToken)
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

        using var lost = new CancellationTokenSource();
        using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lost.Token);
        using var renewing = new CancellationTokenSource();
        var renewal = RenewUntilStoppedAsync(lease, merchantId, type, lost, renewing.Token);
        try
        {
            return await action(() => RenewAsync(lease, merchantId, type, lost), held.Token);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw LockLost(merchantId, type);
        }
        finally
        {
            await renewing.CancelAsync();
            await renewal;
            if (!lost.IsCancellationRequested)
            {
                await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
            }
        }
    }

    private async Task RenewUntilStoppedAsync(BlobLeaseClient lease, string merchantId, ExportType type, CancellationTokenSource lost, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(CommitLockRenewal, time, stop);
                await RenewAsync(lease, merchantId, type, lost);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The action ended.
        }
        catch (InvalidOperationException)
        {
            // Lost: RenewAsync has cancelled the action.
        }
    }

    /// <summary>Renews the lease; if that fails, the lock can no longer be trusted and the action is cancelled.</summary>
    private static async Task RenewAsync(BlobLeaseClient lease, string merchantId, ExportType type, CancellationTokenSource lost)
    {
        try
        {
            await lease.RenewAsync(cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            await lost.CancelAsync();
            throw LockLost(merchantId, type);
        }
    }

    private static InvalidOperationException LockLost(string merchantId, ExportType type) =>
        new($"The commit lock of {merchantId} {type.ToWireName()} was lost while committing (its lease could not be renewed); nothing more was written. The window will be committed again.");

    public async Task<Watermark?> ReadWatermarkAsync(string merchantId, ExportType type, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        return (await ReadWatermarkAsync(blobs.GetBlobClient(BlobLayout.WatermarkName(merchantId, type)), cancellationToken)).Watermark;
    }

    /// <summary>
    /// Adds committed windows to the watermark, which keeps the merged ranges it summarizes so that
    /// this costs two requests whatever the merchant's history. Committed windows never overlap, so a
    /// window already inside the ranges has been counted; one outside them is new. The ETag condition
    /// keeps two writers from replacing a newer watermark with an older one. A watermark written
    /// before it kept its ranges is rebuilt once from the manifests.
    /// </summary>
    /// <param name="final">When given (by planning, from the full listing), the new <see cref="Watermark.FinalThrough"/>; else it is kept.</param>
    private async Task AddToWatermarkAsync(
        string merchantId, ExportType type, IReadOnlyList<ExportWindow> windows, CancellationToken cancellationToken, (DateTimeOffset? Through, bool Known) final = default)
    {
        var blobs = await container.GetAsync();
        var blob = blobs.GetBlobClient(BlobLayout.WatermarkName(merchantId, type));
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var (current, etag) = await ReadWatermarkAsync(blob, cancellationToken);
            var added = current is { Ranges: null } ? await ListCommittedAsync(merchantId, type, cancellationToken) : windows;
            var next = WithWindows(merchantId, type, current, added, final.Known ? final.Through : current?.FinalThrough);
            if (next is null)
            {
                return;
            }

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
                // Another writer moved it first: read again and add to theirs.
            }
        }

        throw new InvalidOperationException($"Could not update the watermark of {merchantId} {type.ToWireName()}: too many concurrent writers.");
    }

    /// <summary>
    /// <paramref name="current"/> with the <paramref name="added"/> windows it does not cover yet and with
    /// <paramref name="finalThrough"/>, or null when that changes nothing. A watermark without ranges (written
    /// before it kept them) always changes: <paramref name="added"/> is then every committed window.
    /// </summary>
    private Watermark? WithWindows(string merchantId, ExportType type, Watermark? current, IReadOnlyList<ExportWindow> added, DateTimeOffset? finalThrough)
    {
        var set = new TimeRangeSet();
        var count = 0;
        if (current is { Ranges: { } ranges })
        {
            foreach (var range in ranges)
            {
                set.Add(new TimeRange(range.Start, range.End));
            }

            count = current.Windows;
        }

        var changed = current is { Ranges: null } || (current is not null && current.FinalThrough != finalThrough);
        foreach (var window in added)
        {
            if (set.Uncovered(new TimeRange(window.Start, window.End)).Count > 0)
            {
                set.Add(new TimeRange(window.Start, window.End));
                count++;
                changed = true;
            }
        }

        if (!changed)
        {
            return null;
        }

        var from = set.Ranges.Count > 0 ? set.Ranges[0].Start : (DateTimeOffset?)null;
        var through = from is { } start ? set.CoveredThrough(start) : null;
        return new Watermark(merchantId, type.ToWireName(), from, through, count, time.GetUtcNow(),
            [.. set.Ranges.Select(r => new CoveredRange(r.Start, r.End))], finalThrough);
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

using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Clover;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Storage;

namespace CloverExport.Core.Coverage;

/// <summary>
/// The durable record of why windows failed, per merchant and type, so coverage can say why a block
/// is missing after the run that failed it is gone. One entry per window (the last failure); a
/// window committed later simply stops counting as failed. Written under an ETag so concurrent runs
/// of one merchant do not drop each other's entries.
/// </summary>
public sealed class WindowFailureLog(ExportContainer container, TimeProvider time)
{
    /// <summary>Entries kept per merchant and type; the oldest go first.</summary>
    public const int MaxEntries = 500;

    public async Task<IReadOnlyList<RecordedFailure>> ReadAsync(string merchantId, ExportType type, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        return (await ReadAsync(blobs.GetBlobClient(BlobLayout.FailureLogName(merchantId, type)), cancellationToken)).Document.Failures;
    }

    public async Task RecordAsync(string merchantId, IReadOnlyList<WindowFailure> failures, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var now = time.GetUtcNow();
        foreach (var group in failures.GroupBy(f => f.Window.Type))
        {
            var blob = blobs.GetBlobClient(BlobLayout.FailureLogName(merchantId, group.Key));
            for (var attempt = 0; ; attempt++)
            {
                var (current, etag) = await ReadAsync(blob, cancellationToken);
                var fresh = group.Select(f => new RecordedFailure(f.Window.Start, f.Window.End, f.Reason, now)).ToList();
                var kept = current.Failures
                    .Where(old => !fresh.Any(f => f.Start == old.Start && f.End == old.End))
                    .Concat(fresh)
                    .OrderByDescending(f => f.FailedAt)
                    .Take(MaxEntries)
                    .OrderBy(f => f.Start)
                    .ToList();
                var conditions = etag is { } tag ? new BlobRequestConditions { IfMatch = tag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
                try
                {
                    await blob.UploadAsync(
                        BinaryData.FromObjectAsJson(new FailureLogDocument(kept), CoverageJsonContext.Default.FailureLogDocument),
                        new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                        cancellationToken);
                    break;
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
                {
                    // Another run wrote first: read again and merge.
                }
            }
        }
    }

    private static async Task<(FailureLogDocument Document, ETag? ETag)> ReadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var content = await blob.DownloadContentAsync(cancellationToken);
            var document = content.Value.Content.ToObjectFromJson(CoverageJsonContext.Default.FailureLogDocument);
            return (document ?? new FailureLogDocument([]), content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (new FailureLogDocument([]), null);
        }
    }
}

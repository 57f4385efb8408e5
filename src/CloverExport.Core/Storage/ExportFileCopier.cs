using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using Microsoft.Extensions.Logging;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Storage;

/// <summary>
/// Streams one export file from Clover into a block blob: constant memory, elements counted and
/// SHA-256 computed on the way, and the blob committed only when the whole file was valid JSON.
/// </summary>
public sealed partial class ExportFileCopier(ICloverExportClient clover, ExportContainer container, ILogger<ExportFileCopier> logger)
{
    internal const int BlockSize = 4 * 1024 * 1024;

    // Blocks uploading at once while the next one fills: the SDK's own uploads overlap blocks too,
    // and one at a time left a quarter of the storage throughput unused (docs/benchmarks.md).
    internal const int BlocksInFlight = 3;
    private const int ReadSize = 128 * 1024;

    private static class Metadata
    {
        public const string ExportId = "exportid";
        public const string Objects = "objectcount";
        public const string ContentBytes = "contentbytes";
        public const string Sha256 = "sha256";

        // Where the file stood in the list it was copied from: orders the manifest, identifies nothing.
        public const string Position = "position";
    }

    /// <summary>Copies the file at <paramref name="fileIndex"/> in the export's current list, or returns the copy already stored for the same export.</summary>
    /// <exception cref="ExportFileExpiredException">Clover no longer has the file.</exception>
    /// <exception cref="InvalidDataException">The file was truncated or malformed (nothing was committed).</exception>
    public async Task<CopiedFile> CopyAsync(string merchantId, ExportWindow window, string exportId, int fileIndex, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var stored = await ReadStoredAsync(blobs, merchantId, window, exportId, cancellationToken);
        var links = await ReadLinksAsync(merchantId, exportId, expectedCount: null, cancellationToken);
        if (fileIndex >= links.Count)
        {
            throw new ExportFileExpiredException($"Export {exportId} has {links.Count} files, not file {fileIndex + 1}.");
        }

        return (await CopyMissingAsync(blobs, merchantId, window, exportId, [links[fileIndex] with { Position = fileIndex }], stored, 1, cancellationToken))[0];
    }

    /// <summary>
    /// Copies every file of an export, a bounded number at a time. Each file is stored under its
    /// identity (<see cref="BlobLayout.FileKey"/>), never its position, so a list that comes back in
    /// another order on a retry still stores every file once. Files already stored from the same
    /// export are kept (a retry resumes); the signed links are read from Clover once, and only when
    /// something is left to copy.
    /// </summary>
    /// <param name="fileCount">The number of files the export's status reported when it was DONE.</param>
    /// <exception cref="ExportFileExpiredException">Clover no longer has the files.</exception>
    /// <exception cref="ExportFileListMismatchException">The list holds another number of files than <paramref name="fileCount"/>, or names one file twice.</exception>
    /// <exception cref="InvalidDataException">A file was truncated or malformed (nothing was committed for it).</exception>
    public async Task<IReadOnlyList<CopiedFile>> CopyAllAsync(string merchantId, ExportWindow window, string exportId, int fileCount, int maxParallelCopies, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var stored = await ReadStoredAsync(blobs, merchantId, window, exportId, cancellationToken);
        if (stored.Count == fileCount)
        {
            foreach (var file in stored.Values)
            {
                LogSkipped(logger, file.BlobName, exportId);
            }

            return [.. stored.Values.OrderBy(f => f.Index)];
        }

        var links = await ReadLinksAsync(merchantId, exportId, fileCount, cancellationToken);
        return await CopyMissingAsync(blobs, merchantId, window, exportId, links, stored, maxParallelCopies, cancellationToken);
    }

    /// <summary>The export's signed links with each file's identity, checked against the count its status reported.</summary>
    private async Task<IReadOnlyList<FileLink>> ReadLinksAsync(string merchantId, string exportId, int? expectedCount, CancellationToken cancellationToken)
    {
        var job = await clover.GetExportAsync(merchantId, exportId, cancellationToken);
        if (job.Status != CloverExportStatus.Done)
        {
            throw new ExportFileExpiredException($"Export {exportId} no longer has the files to copy (status {job.RawStatus}, {job.FileUrls.Count} files).");
        }

        if (expectedCount is { } expected && job.FileUrls.Count != expected)
        {
            throw new ExportFileListMismatchException(
                $"Export {exportId} reported {expected} files when it finished but lists {job.FileUrls.Count} now; the window is not stored from a list that changed.");
        }

        var links = job.FileUrls.Select((url, position) => new FileLink(position, BlobLayout.FileKey(url), url)).ToList();
        if (links.Select(l => l.Key).Distinct(StringComparer.Ordinal).Count() != links.Count)
        {
            throw new ExportFileListMismatchException($"Export {exportId} lists the same file path more than once; its files cannot be told apart.");
        }

        return links;
    }

    private async Task<IReadOnlyList<CopiedFile>> CopyMissingAsync(
        BlobContainerClient blobs, string merchantId, ExportWindow window, string exportId, IReadOnlyList<FileLink> links,
        IReadOnlyDictionary<string, CopiedFile> stored, int maxParallelCopies, CancellationToken cancellationToken)
    {
        var copied = new CopiedFile[links.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelCopies), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, links.Count, parallel, async (n, token) =>
        {
            var link = links[n];
            if (stored.TryGetValue(link.Key, out var existing))
            {
                LogSkipped(logger, existing.BlobName, exportId);
                copied[n] = existing with { Index = link.Position };
                return;
            }

            var part = blobs.GetBlockBlobClient(BlobLayout.PartName(merchantId, window, exportId, link.Key, container.Gzip));
            await using var file = await clover.OpenFileAsync(link.Url, token);
            copied[n] = await StreamToBlobAsync(file.Content, part, exportId, link.Position, token);
            LogCopied(logger, part.Name, copied[n].Objects, copied[n].ContentBytes);
            ExportTelemetry.Copied(window.Type, copied[n].Objects, copied[n].ContentBytes);
        });
        return copied;
    }

    private async Task<CopiedFile> StreamToBlobAsync(Stream source, BlockBlobClient blob, string exportId, int fileIndex, CancellationToken cancellationToken)
    {
        using var reader = new ExportFileReader();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var staging = new BlockStagingStream(blob, BlockSize, BlocksInFlight, cancellationToken);
        var gzip = container.Gzip ? new GZipStream(staging, CompressionLevel.Fastest, leaveOpen: true) : null;
        Stream sink = gzip is null ? staging : gzip;

        var buffer = new byte[ReadSize];
        long contentBytes = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var chunk = buffer.AsMemory(0, read);
            reader.Append(chunk.Span);
            sha.AppendData(chunk.Span);
            contentBytes += read;
            await sink.WriteAsync(chunk, cancellationToken);
        }

        reader.Complete();
        if (gzip is not null)
        {
            await gzip.DisposeAsync();
        }

        await staging.FinishAsync();
        var checksum = Convert.ToHexStringLower(sha.GetHashAndReset());
        var metadata = new Dictionary<string, string>
        {
            [Metadata.ExportId] = exportId,
            [Metadata.Objects] = reader.ElementCount.ToString(CultureInfo.InvariantCulture),
            [Metadata.ContentBytes] = contentBytes.ToString(CultureInfo.InvariantCulture),
            [Metadata.Sha256] = checksum,
            [Metadata.Position] = fileIndex.ToString(CultureInfo.InvariantCulture),
        };
        var headers = new BlobHttpHeaders
        {
            ContentType = "application/json",
            ContentEncoding = gzip is null ? null : "gzip",
        };
        await blob.CommitBlockListAsync(staging.BlockIds, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
        return new CopiedFile(fileIndex, blob.Name, reader.ElementCount, contentBytes, staging.Length64, checksum);
    }

    /// <summary>The complete parts this export already stored in the window's folder, by file identity.</summary>
    private static async Task<IReadOnlyDictionary<string, CopiedFile>> ReadStoredAsync(
        BlobContainerClient blobs, string merchantId, ExportWindow window, string exportId, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, CopiedFile>(StringComparer.Ordinal);
        var options = new GetBlobsOptions { Prefix = BlobLayout.WindowFolder(merchantId, window), Traits = BlobTraits.Metadata };
        await foreach (var item in blobs.GetBlobsAsync(options, cancellationToken))
        {
            var meta = item.Metadata;
            if (BlobLayout.TryParsePartName(item.Name, exportId, out var key)
                && meta.TryGetValue(Metadata.ExportId, out var storedExport) && storedExport == exportId
                && meta.TryGetValue(Metadata.Objects, out var objects)
                && meta.TryGetValue(Metadata.ContentBytes, out var bytes)
                && meta.TryGetValue(Metadata.Sha256, out var sha))
            {
                var position = meta.TryGetValue(Metadata.Position, out var p) ? int.Parse(p, CultureInfo.InvariantCulture) : 0;
                stored[key] = new CopiedFile(position, item.Name, long.Parse(objects, CultureInfo.InvariantCulture),
                    long.Parse(bytes, CultureInfo.InvariantCulture), item.Properties.ContentLength ?? 0, sha);
            }
        }

        return stored;
    }

    /// <summary>One signed link of an export, its position in the list read, and the identity of the file it names.</summary>
    private sealed record FileLink(int Position, string Key, Uri Url);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied {BlobName}: {Objects} objects, {Bytes} bytes")]
    private static partial void LogCopied(ILogger logger, string blobName, long objects, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {BlobName}: already stored from export {ExportId}")]
    private static partial void LogSkipped(ILogger logger, string blobName, string exportId);
}

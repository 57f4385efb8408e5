using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Azure;
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
    }

    /// <summary>Copies file <paramref name="fileIndex"/> of an export, or returns the copy already stored for the same export.</summary>
    /// <exception cref="ExportFileExpiredException">Clover no longer has the file.</exception>
    /// <exception cref="InvalidDataException">The file was truncated or malformed (nothing was committed).</exception>
    public async Task<CopiedFile> CopyAsync(string merchantId, ExportWindow window, string exportId, int fileIndex, CancellationToken cancellationToken) =>
        (await CopyFilesAsync(merchantId, window, exportId, [fileIndex], maxParallelCopies: 1, cancellationToken))[0];

    /// <summary>
    /// Copies every file of an export, a bounded number at a time. Files already stored from the
    /// same export are kept (a retry resumes); the signed links are read from Clover once, and only
    /// when something is left to copy.
    /// </summary>
    /// <exception cref="ExportFileExpiredException">Clover no longer has the files.</exception>
    /// <exception cref="InvalidDataException">A file was truncated or malformed (nothing was committed for it).</exception>
    public Task<IReadOnlyList<CopiedFile>> CopyAllAsync(string merchantId, ExportWindow window, string exportId, int fileCount, int maxParallelCopies, CancellationToken cancellationToken) =>
        CopyFilesAsync(merchantId, window, exportId, [.. Enumerable.Range(0, fileCount)], maxParallelCopies, cancellationToken);

    private async Task<IReadOnlyList<CopiedFile>> CopyFilesAsync(
        string merchantId, ExportWindow window, string exportId, IReadOnlyList<int> fileIndexes, int maxParallelCopies, CancellationToken cancellationToken)
    {
        var blobs = await container.GetAsync();
        var parts = fileIndexes.Select(i => blobs.GetBlockBlobClient(BlobLayout.PartName(merchantId, window, exportId, i, container.Gzip))).ToArray();
        var copied = new CopiedFile?[parts.Length];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxParallelCopies), CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, parts.Length, parallel, async (n, token) =>
            copied[n] = await TryReadExistingAsync(parts[n], fileIndexes[n], exportId, token));
        foreach (var n in Enumerable.Range(0, parts.Length).Where(n => copied[n] is not null))
        {
            LogSkipped(logger, parts[n].Name, exportId);
        }

        var missing = Enumerable.Range(0, parts.Length).Where(n => copied[n] is null).ToList();
        if (missing.Count == 0)
        {
            return copied!;
        }

        var job = await clover.GetExportAsync(merchantId, exportId, cancellationToken);
        var beyond = missing.Select(n => fileIndexes[n]).Where(i => i >= job.FileUrls.Count).ToList();
        if (job.Status != CloverExportStatus.Done || beyond.Count > 0)
        {
            throw new ExportFileExpiredException(
                $"Export {exportId} no longer has the files to copy (status {job.RawStatus}, {job.FileUrls.Count} files).");
        }

        await Parallel.ForAsync(0, missing.Count, parallel, async (m, token) =>
        {
            var n = missing[m];
            await using var file = await clover.OpenFileAsync(job.FileUrls[fileIndexes[n]], token);
            copied[n] = await StreamToBlobAsync(file.Content, parts[n], exportId, fileIndexes[n], token);
            LogCopied(logger, parts[n].Name, copied[n]!.Objects, copied[n]!.ContentBytes);
            ExportTelemetry.Copied(window.Type, copied[n]!.Objects, copied[n]!.ContentBytes);
        });
        return copied!;
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
        };
        var headers = new BlobHttpHeaders
        {
            ContentType = "application/json",
            ContentEncoding = gzip is null ? null : "gzip",
        };
        await blob.CommitBlockListAsync(staging.BlockIds, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
        return new CopiedFile(fileIndex, blob.Name, reader.ElementCount, contentBytes, staging.Length64, checksum);
    }

    private static async Task<CopiedFile?> TryReadExistingAsync(BlockBlobClient blob, int fileIndex, string exportId, CancellationToken cancellationToken)
    {
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var meta = properties.Metadata;
            if (meta.TryGetValue(Metadata.ExportId, out var storedExport) && storedExport == exportId
                && meta.TryGetValue(Metadata.Objects, out var objects)
                && meta.TryGetValue(Metadata.ContentBytes, out var bytes)
                && meta.TryGetValue(Metadata.Sha256, out var sha))
            {
                return new CopiedFile(fileIndex, blob.Name, long.Parse(objects, CultureInfo.InvariantCulture),
                    long.Parse(bytes, CultureInfo.InvariantCulture), properties.ContentLength, sha);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied {BlobName}: {Objects} objects, {Bytes} bytes")]
    private static partial void LogCopied(ILogger logger, string blobName, long objects, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {BlobName}: already stored from export {ExportId}")]
    private static partial void LogSkipped(ILogger logger, string blobName, string exportId);
}

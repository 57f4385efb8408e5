using System.Net;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Orchestration;

public sealed record CopyFilesRequest(string MerchantId, ExportWindow Window, string ExportId, int FileCount, int MaxParallelCopies);

/// <summary>
/// The stored files of a window; or <see cref="Expired"/> when Clover no longer has them (the window
/// needs a new export); or <see cref="Wait"/> when Clover asked to come back (429/503 while reading
/// the links or files: the copy resumes after a durable wait, until <see cref="RetryAt"/> when Clover
/// said); or <see cref="MerchantGone"/>.
/// </summary>
public sealed record CopyFilesResult(
    IReadOnlyList<CopiedFile> Files,
    bool Expired = false,
    string? Reason = null,
    bool Wait = false,
    DateTimeOffset? RetryAt = null,
    bool MerchantGone = false);

public sealed record CommitWindowRequest(string MerchantId, ExportWindow Window, string ExportId, IReadOnlyList<CopiedFile> Files);

public sealed record CommitWindowResult(long Objects, long ContentBytes, int Files);

/// <summary>
/// Streams every file of a finished export into the container, a bounded number at a time. One
/// activity per window rather than per file: the in-process engine runs one activity per core and
/// backs off 500 ms when saturated (see docs/benchmarks.md). A retry skips the files already stored
/// from the same export, so truncated, malformed or cut-off downloads cost only themselves.
/// </summary>
public sealed class CopyExportFilesActivity(ExportFileCopier copier) : PipelineActivity<CopyFilesRequest, CopyFilesResult>
{
    public override async Task<CopyFilesResult> ExecuteAsync(CopyFilesRequest request, CancellationToken cancellationToken)
    {
        using var span = ExportTelemetry.StartWindowSpan("CopyExportFiles", request.MerchantId, request.Window, request.ExportId);
        try
        {
            return new CopyFilesResult(await copier.CopyAllAsync(
                request.MerchantId, request.Window, request.ExportId, request.FileCount, request.MaxParallelCopies, cancellationToken));
        }
        catch (ExportFileExpiredException ex)
        {
            return new CopyFilesResult([], Expired: true, Reason: ex.Message);
        }
        catch (CloverUnavailableException ex)
        {
            return new CopyFilesResult([], Reason: ex.Reason.ToString(), Wait: true, RetryAt: ex.RetryAt);
        }
        catch (CloverApiException ex) when (ex.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
        {
            // A file answered 429/503 (the links were read): the files already stored are kept, the rest waits.
            return new CopyFilesResult([], Reason: $"file read answered HTTP {(int)ex.StatusCode}", Wait: true);
        }
        catch (MerchantNotFoundException ex)
        {
            return new CopyFilesResult([], Reason: ex.Message, MerchantGone: true);
        }
    }
}

/// <summary>Writes the window's manifest and advances the watermark.</summary>
public sealed class CommitWindowActivity(WindowCatalog catalog) : PipelineActivity<CommitWindowRequest, CommitWindowResult>
{
    public override async Task<CommitWindowResult> ExecuteAsync(CommitWindowRequest request, CancellationToken cancellationToken)
    {
        using var span = ExportTelemetry.StartWindowSpan("CommitWindow", request.MerchantId, request.Window, request.ExportId);
        var manifest = await catalog.CommitAsync(request.MerchantId, request.Window, request.ExportId, request.Files, cancellationToken);
        ExportTelemetry.WindowFinished(request.Window.Type, done: true);
        return new CommitWindowResult(manifest.ObjectCount, manifest.ContentBytes, manifest.Files.Count);
    }
}

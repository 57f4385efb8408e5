using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using Microsoft.DurableTask;

namespace CloverExport.Core.Orchestration;

public sealed record CopyFileRequest(string MerchantId, ExportWindow Window, string ExportId, int FileIndex);

/// <summary>A stored file, or <see cref="Expired"/> when Clover no longer has it (the window needs a new export).</summary>
public sealed record CopyFileResult(CopiedFile? File, bool Expired = false, string? Reason = null);

public sealed record CommitWindowRequest(string MerchantId, ExportWindow Window, string ExportId, IReadOnlyList<CopiedFile> Files);

public sealed record CommitWindowResult(long Objects, long ContentBytes, int Files);

/// <summary>
/// Streams one export file into the container. Truncated, malformed or cut-off downloads throw, so
/// the orchestration's retry policy downloads again; an expired file is an answer, not an error.
/// </summary>
public sealed class CopyExportFileActivity(ExportFileCopier copier) : TaskActivity<CopyFileRequest, CopyFileResult>
{
    public override Task<CopyFileResult> RunAsync(TaskActivityContext context, CopyFileRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<CopyFileResult> ExecuteAsync(CopyFileRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return new CopyFileResult(await copier.CopyAsync(request.MerchantId, request.Window, request.ExportId, request.FileIndex, cancellationToken));
        }
        catch (ExportFileExpiredException ex)
        {
            return new CopyFileResult(null, Expired: true, Reason: ex.Message);
        }
    }
}

/// <summary>Writes the window's manifest and advances the watermark.</summary>
public sealed class CommitWindowActivity(WindowCatalog catalog) : TaskActivity<CommitWindowRequest, CommitWindowResult>
{
    public override Task<CommitWindowResult> RunAsync(TaskActivityContext context, CommitWindowRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<CommitWindowResult> ExecuteAsync(CommitWindowRequest request, CancellationToken cancellationToken)
    {
        var manifest = await catalog.CommitAsync(request.MerchantId, request.Window, request.ExportId, request.Files, cancellationToken);
        return new CommitWindowResult(manifest.ObjectCount, manifest.ContentBytes, manifest.Files.Count);
    }
}

using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using Microsoft.DurableTask;

namespace CloverExport.Core.Orchestration;

public sealed record CopyWindowInput(string MerchantId, ExportWindow Window, string ExportId, int FileCount, ExportPolicy Policy);

/// <summary>The window is stored and committed, its files expired first (export again), or it failed.</summary>
public sealed record CopyWindowOutcome(bool Committed, bool Expired, long Objects, long Bytes, int Files, string? Error);

/// <summary>
/// Copies every file of a finished export into the container, a bounded number at a time, then
/// commits the window (manifest, watermark). Runs beside the merchant's next export.
/// </summary>
public sealed class CopyWindowOrchestrator : TaskOrchestrator<CopyWindowInput, CopyWindowOutcome>
{
    public override async Task<CopyWindowOutcome> RunAsync(TaskOrchestrationContext context, CopyWindowInput input)
    {
        context.SetCustomStatus(new WindowProgress("copying", 1, input.ExportId, 100));
        var retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
            maxNumberOfAttempts: 4,
            firstRetryInterval: input.Policy.ActivityRetryInterval,
            backoffCoefficient: 2));
        var copied = new List<CopiedFile>(input.FileCount);
        var running = new List<Task<CopyFileResult>>();
        var next = 0;
        try
        {
            while (next < input.FileCount || running.Count > 0)
            {
                while (next < input.FileCount && running.Count < input.Policy.MaxParallelFileCopies)
                {
                    running.Add(context.CallActivityAsync<CopyFileResult>(
                        TaskNames.CopyExportFile, new CopyFileRequest(input.MerchantId, input.Window, input.ExportId, next++), retry));
                }

                var finished = await Task.WhenAny(running);
                running.Remove(finished);
                var result = await finished;
                if (result.Expired || result.File is null)
                {
                    return new CopyWindowOutcome(false, true, 0, 0, 0, result.Reason ?? "export file expired");
                }

                copied.Add(result.File);
            }

            var commit = await context.CallActivityAsync<CommitWindowResult>(
                TaskNames.CommitWindow, new CommitWindowRequest(input.MerchantId, input.Window, input.ExportId, copied));
            return new CopyWindowOutcome(true, false, commit.Objects, commit.ContentBytes, commit.Files, null);
        }
        catch (TaskFailedException ex)
        {
            return new CopyWindowOutcome(false, false, 0, 0, 0, $"Copy failed after retries: {ex.FailureDetails?.ErrorMessage ?? ex.Message}");
        }
    }
}

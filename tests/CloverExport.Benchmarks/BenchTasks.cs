using Microsoft.DurableTask;

namespace CloverExport.Benchmarks;

/// <summary>Orchestrations and activities that exist only to measure the engine; registered beside the pipeline's.</summary>
internal static class BenchTasks
{
    public static void Register(DurableTaskRegistry registry)
    {
        registry.AddActivity<BenchNoopActivity>();
        registry.AddActivity<BenchCopyOneFileActivity>();
        registry.AddOrchestrator<BenchActivityChain>();
        registry.AddOrchestrator<BenchActivityFanOut>();
        registry.AddOrchestrator<BenchTimerChain>();
        registry.AddOrchestrator<BenchPerFileCopy>();
        registry.AddOrchestrator<BenchPerWindowCopy>();
    }
}

public sealed record CopyOneFileRequest(string MerchantId, ExportWindow Window, string ExportId, int FileIndex);

/// <summary>Does nothing: what remains is the engine's cost of one activity.</summary>
public sealed class BenchNoopActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
}

/// <summary>The per-file design the pipeline did not take: one activity copies one file.</summary>
public sealed class BenchCopyOneFileActivity(ExportFileCopier copier) : TaskActivity<CopyOneFileRequest, CopiedFile>
{
    public override Task<CopiedFile> RunAsync(TaskActivityContext context, CopyOneFileRequest input) =>
        copier.CopyAsync(input.MerchantId, input.Window, input.ExportId, input.FileIndex, CancellationToken.None);
}

/// <summary>N no-op activities one after the other.</summary>
public sealed class BenchActivityChain : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        for (var i = 0; i < input; i++)
        {
            await context.CallActivityAsync<int>(nameof(BenchNoopActivity), i);
        }

        return input;
    }
}

/// <summary>N no-op activities at once.</summary>
public sealed class BenchActivityFanOut : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var results = await Task.WhenAll(Enumerable.Range(0, input).Select(i => context.CallActivityAsync<int>(nameof(BenchNoopActivity), i)));
        return results.Length;
    }
}

/// <summary>N durable timers of <see cref="Delay"/> one after the other: what exceeds N × Delay is the engine's cost of a timer.</summary>
public sealed class BenchTimerChain : TaskOrchestrator<int, int>
{
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(100);

    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        for (var i = 0; i < input; i++)
        {
            await context.CreateTimer(Delay, CancellationToken.None);
        }

        return input;
    }
}

/// <summary>A window's files copied by one activity per file, all scheduled at once (the classic fan-out).</summary>
public sealed class BenchPerFileCopy : TaskOrchestrator<CopyFilesRequest, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, CopyFilesRequest input)
    {
        var files = await Task.WhenAll(Enumerable.Range(0, input.FileCount).Select(i =>
            context.CallActivityAsync<CopiedFile>(nameof(BenchCopyOneFileActivity), new CopyOneFileRequest(input.MerchantId, input.Window, input.ExportId, i))));
        return files.Length;
    }
}

/// <summary>The pipeline's design: one <see cref="CopyExportFilesActivity"/> copies the window's files with bounded parallelism.</summary>
public sealed class BenchPerWindowCopy : TaskOrchestrator<CopyFilesRequest, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, CopyFilesRequest input)
    {
        var result = await context.CallActivityAsync<CopyFilesResult>(TaskNames.CopyExportFiles, input);
        return result.Files.Count;
    }
}

using CloverExport.Core.Planning;
using Microsoft.DurableTask.Testing;

namespace CloverExport.Functions.Tests;

/// <summary>
/// The in-process Durable Task engine with stand-ins registered under the pipeline's task names: a
/// merchant run that reports progress, starts one window child and waits for <see cref="FinishEvent"/>.
/// The triggers under test only start, read and stop instances, so the real pipeline (covered by the
/// pipeline tests) is not needed here.
/// </summary>
public sealed class PipelineEngine : IAsyncDisposable
{
    public const string FinishEvent = "finish";

    public const string FailureReason = "Export failed: Clover answered FAILED";

    public const string WaitReason = "closed hours";

    public static readonly DateTimeOffset WindowStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Until when the stand-in window says it waits.</summary>
    public static readonly DateTimeOffset WaitUntil = new(2025, 1, 2, 10, 0, 0, TimeSpan.Zero);

    private PipelineEngine(DurableTaskTestHost host) => Host = host;

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public static string ChildOf(string instanceId) => instanceId + ":w";

    public static async Task<PipelineEngine> StartAsync() => new(await InProcessEngine.StartAsync(registry =>
    {
        registry.AddOrchestrator(TaskNames.MerchantExport, new StandInRun());
        registry.AddOrchestrator(TaskNames.ExportWindow, new StandInWindow());
    }));

    /// <summary>Lets a run and its window child finish.</summary>
    public async Task FinishAsync(string instanceId)
    {
        await Client.RaiseEventAsync(ChildOf(instanceId), FinishEvent, true);
        await Client.RaiseEventAsync(instanceId, FinishEvent, true);
    }

    /// <summary>Waits until the run has started its window child and that child reports progress (custom status comes only with inputs and outputs).</summary>
    public async Task WaitForChildProgressAsync(string instanceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var child = await Client.GetInstanceAsync(ChildOf(instanceId), getInputsAndOutputs: true, timeout.Token);
            var run = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (child?.SerializedCustomStatus is not null && run?.SerializedCustomStatus is not null)
            {
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    private sealed class StandInRun : TaskOrchestrator<MerchantExportInput, MerchantExportResult>
    {
        public override async Task<MerchantExportResult> RunAsync(TaskOrchestrationContext context, MerchantExportInput input)
        {
            var window = new ExportWindow(Core.Clover.ExportType.Orders, WindowStart, WindowStart.AddDays(30).AddMilliseconds(-1));
#pragma warning disable DURABLE2004 // The stand-in child is registered by name above, not as a class the analyzer can see.
            var child = context.CallSubOrchestratorAsync<ExportWindowOutcome>(
                TaskNames.ExportWindow, input.MerchantId, new SubOrchestrationOptions { InstanceId = ChildOf(context.InstanceId) });
#pragma warning restore DURABLE2004
            var failed = new ExportWindow(Core.Clover.ExportType.Payments, WindowStart, window.End);
            var totals = ExportTotals.Empty with { WindowsPlanned = 4, WindowsFailed = 1, ExportsCreated = 2, Failures = [new WindowFailure(failed, FailureReason)] };
            context.SetCustomStatus(new ExportProgress(input.MerchantId, "running", 0, input.To, totals, 3,
                [new ActiveWindow("ORDERS", window.Start, window.End, "exporting", ChildOf(context.InstanceId))]));
            await context.WaitForExternalEvent<bool>(FinishEvent);
            await child;
            return new MerchantExportResult(input.MerchantId, MerchantExportStatus.CompletedWithFailures, input.From, input.To, totals with { WindowsDone = 3 });
        }
    }

    private sealed class StandInWindow : TaskOrchestrator<string, ExportWindowOutcome>
    {
        public override async Task<ExportWindowOutcome> RunAsync(TaskOrchestrationContext context, string input)
        {
            context.SetCustomStatus(new WindowProgress("exporting", 1, "EXPORT1", 40, WaitReason, WaitUntil, SlotPosition: 2, SlotsInUse: 5, SlotLimit: 5));
            await context.WaitForExternalEvent<bool>(FinishEvent);
            return new ExportWindowOutcome(true, "EXPORT1", 1, 1, null);
        }
    }
}

using CloverExport.Core.Orchestration;
using Microsoft.DurableTask;

namespace CloverExport.Functions.Pipeline;

/// <summary>The shared orchestrators under their shared names; no logic of their own.</summary>
public static class OrchestratorFunctions
{
    [Function(TaskNames.MerchantExport)]
    public static Task<MerchantExportResult> MerchantExport([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new MerchantExportOrchestrator().RunAsync(context, context.GetInput<MerchantExportInput>()!);

    [Function(TaskNames.ExportWindow)]
    public static Task<ExportWindowOutcome> ExportWindow([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ExportWindowOrchestrator().RunAsync(context, context.GetInput<ExportWindowInput>()!);
}

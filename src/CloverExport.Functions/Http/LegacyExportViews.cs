using CloverExport.Core.Orchestration;

namespace CloverExport.Functions.Http;

/// <summary>
/// The frozen answer of the legacy <c>GET /api/exports/{instanceId}</c>, kept byte-compatible for its
/// existing callers (the real-host tests among them). It exposes the orchestration's own records and is
/// deprecated: <c>GET /api/merchants/{merchantId}/export</c> (<see cref="ExportRunResponse"/>) is the contract.
/// </summary>
public sealed record LegacyExportRunView(
    string InstanceId,
    string Name,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    MerchantExportInput? Input,
    ExportProgress? Progress,
    IReadOnlyList<LegacyWindowView> Windows,
    MerchantExportResult? Output,
    string? Failure)
{
    /// <summary>A run (or a window instance) with its active windows' live status.</summary>
    public static async Task<LegacyExportRunView> ReadAsync(DurableTaskClient client, OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        var isRun = instance.Name == TaskNames.MerchantExport;
        var progress = isRun ? instance.ReadCustomStatusAs<ExportProgress>() : null;
        var windows = new List<LegacyWindowView>();
        foreach (var window in progress?.Active ?? [])
        {
            var child = window.InstanceId is { } childId ? await client.GetInstanceAsync(childId, getInputsAndOutputs: true, cancellationToken) : null;
            windows.Add(new LegacyWindowView(window, child?.RuntimeStatus, child?.ReadCustomStatusAs<WindowProgress>()));
        }

        return new LegacyExportRunView(
            instance.InstanceId,
            instance.Name,
            instance.RuntimeStatus,
            instance.CreatedAt,
            instance.LastUpdatedAt,
            isRun ? instance.ReadInputAs<MerchantExportInput>() : null,
            progress,
            windows,
            isRun && instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<MerchantExportResult>() : null,
            instance.FailureDetails?.ErrorMessage);
    }
}

/// <summary>An active window of a legacy run view and its child instance's status.</summary>
public sealed record LegacyWindowView(ActiveWindow Window, OrchestrationRuntimeStatus? RuntimeStatus, WindowProgress? Progress);

using Microsoft.DurableTask;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Orchestration;

/// <summary>Asks whether a merchant may start a Clover export now.</summary>
/// <param name="HolderId">The window instance asking; the same id releases the slot.</param>
public sealed record ExportSlotRequest(string MerchantId, string HolderId);

/// <summary>Granted, or come back at <see cref="RetryAt"/>.</summary>
public sealed record ExportSlotDecision(bool Granted, DateTimeOffset? RetryAt = null);

/// <summary>
/// The one seam for "may this merchant start an export now?". The per-merchant bound is kept by the
/// merchant orchestration itself; an app-wide limit across all merchants (Clover also limits
/// concurrent exports per app) plugs in here.
/// </summary>
public interface IExportSlotGate
{
    Task<ExportSlotDecision> TryAcquireAsync(ExportSlotRequest request, CancellationToken cancellationToken);

    Task ReleaseAsync(ExportSlotRequest request, CancellationToken cancellationToken);
}

/// <summary>No app-wide limit: only the per-merchant bound of the orchestration applies.</summary>
public sealed class PerMerchantOnlySlotGate : IExportSlotGate
{
    public Task<ExportSlotDecision> TryAcquireAsync(ExportSlotRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ExportSlotDecision(true));

    public Task ReleaseAsync(ExportSlotRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class RequestExportSlotActivity(IExportSlotGate gate) : TaskActivity<ExportSlotRequest, ExportSlotDecision>
{
    public override Task<ExportSlotDecision> RunAsync(TaskActivityContext context, ExportSlotRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<ExportSlotDecision> ExecuteAsync(ExportSlotRequest request, CancellationToken cancellationToken)
    {
        var decision = await gate.TryAcquireAsync(request, cancellationToken);
        ExportTelemetry.SlotDecided(decision.Granted);
        return decision;
    }
}

public sealed class ReleaseExportSlotActivity(IExportSlotGate gate) : TaskActivity<ExportSlotRequest, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, ExportSlotRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<bool> ExecuteAsync(ExportSlotRequest request, CancellationToken cancellationToken)
    {
        await gate.ReleaseAsync(request, cancellationToken);
        ExportTelemetry.SlotReleased();
        return true;
    }
}

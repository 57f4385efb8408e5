using System.Text.Json.Serialization;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Orchestration;

/// <summary>Asks for (or renews) an app-wide export slot.</summary>
/// <param name="HolderId">The window instance asking; the same id renews and releases the slot.</param>
/// <param name="LeaseFor">How long the slot stays held without another word from the holder (a dead holder's slot frees then).</param>
/// <param name="WaitFor">When not granted, how long the holder will wait before asking again (a waiter silent for longer leaves the queue).</param>
/// <param name="ClosedUntil">The holder's create met Clover's closed hours until then: nobody else asks Clover before.</param>
public sealed record ExportSlotRequest(
    string MerchantId,
    string HolderId,
    TimeSpan LeaseFor = default,
    TimeSpan WaitFor = default,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ClosedUntil = null);

/// <summary>Granted (or renewed), or wait: the holder's place in the queue and the app's slots.</summary>
/// <param name="RetryAt">Granted while Clover is closed: create at this time, not before.</param>
/// <param name="Position">1 = next to be granted; 0 when granted.</param>
/// <param name="InUse">Slots held app-wide after this decision.</param>
/// <param name="Limit">The effective app-wide limit (0 when there is none).</param>
public sealed record ExportSlotDecision(bool Granted, DateTimeOffset? RetryAt = null, int Position = 0, int InUse = 0, int Limit = 0);

/// <summary>How the holder used its slot, so the scheduler can adapt its limit to what Clover takes.</summary>
public enum ExportSlotUse
{
    /// <summary>Released without a word from Clover about capacity (gave up, failed, cancelled).</summary>
    Unused,

    /// <summary>Clover accepted the export: the limit may grow back.</summary>
    Exported,

    /// <summary>Clover answered a concurrency 503 although the app held no more than its limit: the limit shrinks.</summary>
    ConcurrencyLimited,
}

public sealed record ExportSlotRelease(string MerchantId, string HolderId, ExportSlotUse Use);

/// <summary>The waiting windows to wake now that a slot is free (the releasing orchestration sends them an event).</summary>
public sealed record ExportSlotReleased(IReadOnlyList<string> Wake);

/// <summary>
/// The one seam for "may this window start a Clover export now?". The per-merchant bound is kept by
/// the merchant orchestration itself; the app-wide limit across all merchants is the scheduler's.
/// </summary>
public interface IExportSlotGate
{
    Task<ExportSlotDecision> TryAcquireAsync(ExportSlotRequest request, CancellationToken cancellationToken);

    Task<ExportSlotReleased> ReleaseAsync(ExportSlotRelease release, CancellationToken cancellationToken);
}

/// <summary>No app-wide limit (<c>Export:MaxExportsInFlightPerApp</c> = 0): only the per-merchant bound applies.</summary>
public sealed class PerMerchantOnlySlotGate : IExportSlotGate
{
    public Task<ExportSlotDecision> TryAcquireAsync(ExportSlotRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ExportSlotDecision(true));

    public Task<ExportSlotReleased> ReleaseAsync(ExportSlotRelease release, CancellationToken cancellationToken) =>
        Task.FromResult(new ExportSlotReleased([]));
}

public sealed class RequestExportSlotActivity(IExportSlotGate gate) : PipelineActivity<ExportSlotRequest, ExportSlotDecision>
{
    public override async Task<ExportSlotDecision> ExecuteAsync(ExportSlotRequest request, CancellationToken cancellationToken)
    {
        var decision = await gate.TryAcquireAsync(request, cancellationToken);
        ExportTelemetry.SlotDecided(decision.Granted, decision.InUse, decision.Limit);
        return decision;
    }
}

public sealed class ReleaseExportSlotActivity(IExportSlotGate gate) : PipelineActivity<ExportSlotRelease, ExportSlotReleased>
{
    public override Task<ExportSlotReleased> ExecuteAsync(ExportSlotRelease release, CancellationToken cancellationToken) => gate.ReleaseAsync(release, cancellationToken);
}

namespace CloverExport.Core.Orchestration;

/// <summary>
/// A merchant run's custom status (stable JSON for the HTTP API and the CLI). Per-window detail
/// (export percent, waits) is the custom status of the child instances listed in <see cref="Active"/>.
/// </summary>
public sealed record ExportProgress(
    string MerchantId,
    string Phase,
    int Generation,
    DateTimeOffset? Until,
    ExportTotals Totals,
    int WindowsRemainingAfterThisGeneration,
    IReadOnlyList<ActiveWindow> Active);

/// <summary>A window being worked on; while exporting, the child instance whose status has the detail.</summary>
public sealed record ActiveWindow(string Type, DateTimeOffset Start, DateTimeOffset End, string Step, string? InstanceId);

/// <summary>
/// The custom status of an export-window instance: where the Clover export stands, and while
/// <see cref="Step"/> is <c>waiting-for-slot</c> the window's place in the app-wide queue.
/// </summary>
/// <param name="Step">planning | waiting-for-slot | waiting | exporting.</param>
/// <param name="WaitReason">ClosedHours, ConcurrencyLimit, RateLimited, Unreachable, "app-wide export limit", "server error on create".</param>
/// <param name="WaitUntil">When the wait ends at the latest (a freed slot wakes a slot wait sooner).</param>
/// <param name="SlotPosition">1 = next to get a slot; 0 when not queued.</param>
/// <param name="SlotsInUse">App-wide slots held when the window last asked.</param>
/// <param name="SlotLimit">The app-wide effective limit then (adaptive; 0 = no app-wide scheduler).</param>
public sealed record WindowProgress(
    string Step,
    int Attempt,
    string? ExportId,
    int PercentComplete,
    string? WaitReason = null,
    DateTimeOffset? WaitUntil = null,
    int SlotPosition = 0,
    int SlotsInUse = 0,
    int SlotLimit = 0);

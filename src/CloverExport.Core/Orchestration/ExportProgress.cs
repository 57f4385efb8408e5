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

/// <summary>The custom status of an export-window instance: where the Clover export stands.</summary>
public sealed record WindowProgress(
    string Step,
    int Attempt,
    string? ExportId,
    int PercentComplete,
    string? WaitReason = null,
    DateTimeOffset? WaitUntil = null);

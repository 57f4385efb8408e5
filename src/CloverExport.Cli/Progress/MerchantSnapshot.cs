using CloverExport.Core.Orchestration;

namespace CloverExport.Cli.Progress;

/// <summary>What the CLI last saw of one merchant's run: its custom status and its active windows'.</summary>
internal sealed record MerchantSnapshot(
    string MerchantId,
    string InstanceId,
    string State,
    ExportProgress? Progress,
    IReadOnlyList<WindowSnapshot> Windows,
    TimeSpan Elapsed,
    MerchantExportResult? Result = null,
    string? Error = null)
{
    public bool Finished => Result is not null || Error is not null;

    public ExportTotals Totals => Result?.Totals ?? Progress?.Totals ?? ExportTotals.Empty;
}

/// <summary>An active window of a merchant run and the custom status of the child instance working on it.</summary>
internal sealed record WindowSnapshot(ActiveWindow Window, WindowProgress? Progress);

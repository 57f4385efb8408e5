using System.Globalization;
using CloverExport.Core.Orchestration;

namespace CloverExport.Cli.Progress;

/// <summary>Shared wording of progress and summaries, for the live view and the plain lines alike.</summary>
internal static class ProgressText
{
    public static string Window(WindowSnapshot window)
    {
        var w = window.Window;
        var range = string.Create(CultureInfo.InvariantCulture, $"{w.Type} {w.Start:yyyy-MM-dd}..{w.End:yyyy-MM-dd}");
        return window.Progress is not { } p ? $"{range} {w.Step}" : $"{range} {Step(p)}";
    }

    public static string Step(WindowProgress p) => p.Step switch
    {
        "waiting" or "waiting-for-slot" => string.Create(CultureInfo.InvariantCulture,
            $"waiting ({p.WaitReason ?? "retry"}) until {p.WaitUntil:HH:mm:ss}Z, attempt {p.Attempt}"),
        "exporting" => string.Create(CultureInfo.InvariantCulture, $"exporting {p.PercentComplete}% (export {p.ExportId}, attempt {p.Attempt})"),
        "copying" => $"copying files of {p.ExportId}",
        _ => p.Step,
    };

    public static string Windows(ExportTotals totals) =>
        string.Create(CultureInfo.InvariantCulture, $"{totals.WindowsDone}/{totals.WindowsPlanned}")
        + (totals.WindowsFailed > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({totals.WindowsFailed} failed)") : string.Empty);

    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {units[unit]}");
    }

    public static string Duration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? duration.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : duration.ToString(@"m\:ss\.f", CultureInfo.InvariantCulture);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Status(MerchantSnapshot m) =>
        m.Error is not null ? "error"
        : m.Result is { } r ? r.Status switch
        {
            MerchantExportStatus.Completed => "completed",
            MerchantExportStatus.CompletedWithFailures => "completed with failures",
            _ => "rejected",
        }
        : m.State;
}

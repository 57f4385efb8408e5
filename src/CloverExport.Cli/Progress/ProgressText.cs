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
        "waiting-for-slot" => string.Create(CultureInfo.InvariantCulture,
            $"waiting for an export slot (#{p.SlotPosition} in line, {p.SlotsInUse}/{p.SlotLimit} in use) until {p.WaitUntil:HH:mm:ss}Z at the latest"),
        "waiting" => string.Create(CultureInfo.InvariantCulture,
            $"waiting ({p.WaitReason ?? "retry"}) until {p.WaitUntil:HH:mm:ss}Z, attempt {p.Attempt}"),
        "exporting" => string.Create(CultureInfo.InvariantCulture, $"exporting {p.PercentComplete}% (export {p.ExportId}, attempt {p.Attempt})"),
        "copying" => $"copying files of {p.ExportId}",
        _ => p.Step,
    };

    /// <summary>
    /// The app-wide slots as the windows last saw them: in use (the windows seen exporting, or what the
    /// scheduler last told a queued window, whichever is more: a window that just got its slot may not
    /// have reported "exporting" yet, and other merchants' exports count too), the effective limit the
    /// scheduler reported, and the windows queued for a slot with the merchants they belong to. Null
    /// without an app-wide scheduler.
    /// </summary>
    public static string? Fleet(IReadOnlyList<MerchantSnapshot> merchants)
    {
        var running = merchants.Where(m => !m.Finished).ToList();
        var windows = running.SelectMany(m => m.Windows).Select(w => w.Progress).OfType<WindowProgress>().ToList();
        var limit = windows.Select(p => p.SlotLimit).DefaultIfEmpty(0).Max();
        if (limit == 0)
        {
            return null;
        }

        var queued = windows.Where(p => p.Step == "waiting-for-slot").ToList();
        var inUse = Math.Max(windows.Count(p => p.Step == "exporting"), queued.Select(p => p.SlotsInUse).DefaultIfEmpty(0).Max());
        var waitingMerchants = running.Count(m => m.Windows.Any(w => w.Progress?.Step == "waiting-for-slot"));
        return string.Create(CultureInfo.InvariantCulture,
            $"export slots: {inUse}/{limit} in use, {queued.Count} window(s) of {waitingMerchants} merchant(s) waiting for a slot");
    }

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

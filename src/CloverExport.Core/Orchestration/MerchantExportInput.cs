using CloverExport.Core.Clover;
using CloverExport.Core.Planning;

namespace CloverExport.Core.Orchestration;

/// <summary>
/// Starts a merchant's export run. Without <see cref="From"/> and <see cref="To"/> the run is
/// incremental: from the merchant's backfill start to now minus the settle lag, skipping what is
/// already stored. Never carries a token: activities resolve credentials by merchant id.
/// </summary>
public sealed record MerchantExportInput(
    string MerchantId,
    IReadOnlyList<ExportType>? Types = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    MerchantExportContinuation? Continuation = null)
{
    public bool IsIncremental => From is null && To is null;
}

/// <summary>What a run carries from one generation to the next across ContinueAsNew.</summary>
/// <param name="After">Windows up to and including this one were already handled by this run.</param>
/// <param name="StartedAt">When the run's first generation started (null in continuations written before this field existed).</param>
public sealed record MerchantExportContinuation(
    string RunId,
    int Generation,
    DateTimeOffset Until,
    WindowKey After,
    ExportTotals Totals,
    DateTimeOffset? StartedAt = null);

/// <summary>Orders windows within a run: by start, then type.</summary>
public sealed record WindowKey(DateTimeOffset Start, ExportType Type)
{
    public static WindowKey Of(ExportWindow window) => new(window.Start, window.Type);

    public int CompareTo(WindowKey? other) =>
        other is null ? 1 : Start != other.Start ? Start.CompareTo(other.Start) : Type.CompareTo(other.Type);
}

/// <summary>Running counts of a merchant's run; <see cref="Failures"/> keeps the first few reasons.</summary>
/// <param name="ExportsAbandoned">Exports given up past <c>Export:ExportDeadline</c> or the window budget.</param>
public sealed record ExportTotals(
    int WindowsPlanned,
    int WindowsDone,
    int WindowsFailed,
    long Files,
    long Objects,
    long Bytes,
    int ExportsCreated,
    IReadOnlyList<WindowFailure> Failures,
    int ExportsAbandoned = 0)
{
    public const int MaxFailuresKept = 20;

    public static ExportTotals Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, []);
}

/// <summary>A window that could not be exported, and why.</summary>
public sealed record WindowFailure(ExportWindow Window, string Reason);

/// <summary>How a run ended.</summary>
public enum MerchantExportStatus
{
    /// <summary>Every planned window is stored (or there was nothing to do).</summary>
    Completed,

    /// <summary>Some windows failed; the others are stored. A later run retries the failed ones.</summary>
    CompletedWithFailures,

    /// <summary>The run could not start (unknown merchant, bad range).</summary>
    Rejected,
}

/// <param name="EndClamped">The requested end lay after the settled end (now minus <c>Export:SettleLag</c>, aligned): the run stopped at <see cref="Until"/>.</param>
public sealed record MerchantExportResult(
    string MerchantId,
    MerchantExportStatus Status,
    DateTimeOffset? From,
    DateTimeOffset? Until,
    ExportTotals Totals,
    string? Error = null,
    bool EndClamped = false);

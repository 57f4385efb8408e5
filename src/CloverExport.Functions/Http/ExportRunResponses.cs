namespace CloverExport.Functions.Http;

/// <summary>Where a merchant's run stands, in the API's own words (not the task hub's runtime status).</summary>
public enum ExportRunState
{
    /// <summary>Scheduled, not started yet (a staggered start of the timer).</summary>
    Pending,

    Running,

    Suspended,

    /// <summary>Every planned window is stored (or there was nothing to do).</summary>
    Completed,

    /// <summary>Some windows failed (see <c>failures</c>); the others are stored. A later run retries the failed ones.</summary>
    CompletedWithFailures,

    /// <summary>The run could not start: unknown merchant, merchant needing re-authorization, bad range (see <c>error</c>).</summary>
    Rejected,

    /// <summary>The run itself crashed (see <c>error</c>).</summary>
    Failed,

    /// <summary>Cancelled over HTTP.</summary>
    Cancelled,
}

/// <summary>
/// Body of <c>GET /api/merchants/{id}/export</c>: a merchant's latest run. <see cref="Range"/> follows the
/// one bound convention (<c>from</c>/<c>to</c> are inclusive UTC days); window and failure bounds are
/// instants, <c>end</c> being the last millisecond included.
/// </summary>
/// <param name="Types">The types asked for (wire names); null when the merchant's own types apply.</param>
/// <param name="StartedAt">When the run started: the first generation's start, carried across generations.</param>
/// <param name="Fleet">The app-wide export slots as this merchant sees them, while the run is active; null when it is not or the app-wide scheduler is off.</param>
/// <param name="Error">Why a run was rejected or failed; null otherwise.</param>
public sealed record ExportRunResponse(
    string MerchantId,
    ExportRunState State,
    bool Incremental,
    IReadOnlyList<string>? Types,
    ExportRunRange Range,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    ExportRunCounts Progress,
    IReadOnlyList<ExportRunFailure> Failures,
    IReadOnlyList<ExportRunWindow> ActiveWindows,
    ExportRunFleet? Fleet,
    string? Error);

/// <param name="From">First day asked for; null: the merchant's backfill start.</param>
/// <param name="To">Last day asked for (inclusive); null: up to now minus <c>Export:SettleLag</c>.</param>
/// <param name="End">The last millisecond this run exports, once it has planned.</param>
public sealed record ExportRunRange(DateOnly? From, DateOnly? To, DateTimeOffset? End);

/// <param name="WindowsRemaining">Planned windows neither stored nor failed yet (including those in progress).</param>
public sealed record ExportRunCounts(
    int WindowsPlanned,
    int WindowsDone,
    int WindowsFailed,
    int WindowsRemaining,
    long Files,
    long Objects,
    long Bytes,
    int ExportsCreated);

/// <summary>A window that could not be exported, and why (the first few of a run).</summary>
public sealed record ExportRunFailure(string Type, DateTimeOffset Start, DateTimeOffset End, string Reason);

/// <summary>A window being worked on: exporting (a Clover export, with its percent) or copying its files.</summary>
/// <param name="Attempt">Which Clover export of this window (1 = the first); null while copying.</param>
/// <param name="Wait">Set while the window waits (closed hours, Clover's concurrency limit, a free app-wide slot) instead of polling.</param>
/// <param name="Slots">The app-wide export slots when the window last asked for one; null without the app-wide scheduler.</param>
public sealed record ExportRunWindow(
    string Type,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Step,
    int? Attempt,
    string? ExportId,
    int? PercentComplete,
    ExportRunWait? Wait,
    ExportRunSlots? Slots);

/// <param name="Until">When the wait ends at the latest (a freed slot ends a slot wait sooner).</param>
/// <param name="Position">In the queue for an app-wide slot, 1 = next; null when not queued.</param>
public sealed record ExportRunWait(string Reason, DateTimeOffset? Until, int? Position);

/// <param name="InUse">Slots held across all merchants.</param>
/// <param name="Limit">The effective app-wide limit (it adapts to Clover's answers).</param>
public sealed record ExportRunSlots(int InUse, int Limit);

/// <summary>Answer of <c>POST /api/merchants/{id}/export</c>: where to watch and cancel the run. The URLs carry no key.</summary>
public sealed record ExportRunAccepted(string MerchantId, string StatusUrl, string CancelUrl);

/// <summary>Answer of <c>POST /api/merchants/{id}/export/cancel</c>.</summary>
public sealed record ExportRunCancelling(string MerchantId, string State);

/// <summary>One entry of <c>GET /api/exports</c>: read without inputs or outputs, so a completed run says <c>Completed</c> whether or not some windows failed.</summary>
/// <param name="InstanceId">The run's id in the task hub (<c>export-{merchantId}</c>), for the legacy routes and the Durable Functions tools.</param>
public sealed record ExportRunSummary(string MerchantId, string InstanceId, ExportRunState State, DateTimeOffset UpdatedAt, string StatusUrl);

/// <summary>A page of <c>GET /api/exports</c>; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record ExportRunPage(IReadOnlyList<ExportRunSummary> Runs, string? ContinuationToken);

/// <summary>Legacy answer of <c>POST /api/exports</c> (Durable Functions' check-status names; URLs without a key).</summary>
public sealed record ExportStarted(string Id, string StatusQueryGetUri, string TerminatePostUri);

/// <summary>Legacy answer of <c>POST /api/exports/{instanceId}/cancel</c>.</summary>
public sealed record ExportCancelled(string Id, string Status);

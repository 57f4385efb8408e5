namespace CloverExport.Core.Orchestration;

/// <summary>
/// The export settings an orchestration runs with, read once by the planning activity and carried in
/// the orchestration input so that replays never depend on configuration read inside an orchestrator.
/// Fields after <see cref="ActivityRetryInterval"/> came later: instances started before them read
/// zero, so the orchestrators use the <c>Effective…</c> values, which fall back to the old behaviour's scale.
/// </summary>
public sealed record ExportPolicy(
    TimeSpan PollInitialInterval,
    TimeSpan PollMaxInterval,
    TimeSpan ExportDeadline,
    int MaxExportAttempts,
    int MaxExportsInFlight,
    int MaxParallelFileCopies,
    int WindowsPerGeneration,
    TimeSpan ClosedHoursJitter,
    TimeSpan ActivityRetryInterval,
    TimeSpan ConcurrencyRetryDelay = default,
    TimeSpan WindowBudget = default)
{
    /// <summary>First concurrency-503 backoff (<c>Clover:ConcurrencyRetryDelay</c>); doubles per 503 in a row up to <see cref="ConcurrencyBackoffCap"/>.</summary>
    public TimeSpan EffectiveConcurrencyRetryDelay => ConcurrencyRetryDelay > TimeSpan.Zero ? ConcurrencyRetryDelay : TimeSpan.FromMinutes(1);

    /// <summary>Longest concurrency backoff: eight first delays, never more than 15 minutes (an hour is a fifth of Clover's export day).</summary>
    public TimeSpan ConcurrencyBackoffCap => TimeSpan.FromTicks(Math.Min(EffectiveConcurrencyRetryDelay.Ticks * 8, TimeSpan.FromMinutes(15).Ticks));

    /// <summary>How long one window may take, waits included (<c>Export:WindowBudget</c>).</summary>
    public TimeSpan EffectiveWindowBudget => WindowBudget > TimeSpan.Zero ? WindowBudget : TimeSpan.FromDays(2);
}

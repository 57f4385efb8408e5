namespace CloverExport.Core.Orchestration;

/// <summary>
/// The export settings an orchestration runs with, read once by the planning activity and carried in
/// the orchestration input so that replays never depend on configuration read inside an orchestrator.
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
    TimeSpan ActivityRetryInterval);

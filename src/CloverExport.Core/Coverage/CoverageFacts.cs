using CloverExport.Core.Planning;

namespace CloverExport.Core.Coverage;

/// <summary>
/// What the store says about one merchant and type: committed windows with the time their data was
/// taken, window folders holding parts but no manifest, recorded failures, and windows a run is on now.
/// </summary>
public sealed record CoverageFacts(
    IReadOnlyList<CommittedWindow> Committed,
    IReadOnlyList<ExportWindow> Incomplete,
    IReadOnlyList<RecordedFailure> Failures,
    IReadOnlyList<ExportWindow> Running)
{
    public static CoverageFacts None { get; } = new([], [], [], []);
}

/// <summary>A window with a manifest. <see cref="SnapshotAt"/> is when its data was read from Clover (its commit, until revisits re-take it).</summary>
public sealed record CommittedWindow(ExportWindow Window, DateTimeOffset SnapshotAt);

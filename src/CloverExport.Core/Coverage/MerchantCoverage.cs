namespace CloverExport.Core.Coverage;

/// <summary>
/// One merchant's coverage, per type and 30-day block. <see cref="Horizon"/> is the newest instant a
/// run would have exported by now (see <see cref="Planning.SettledEnd"/>): blocks are judged up to it.
/// </summary>
public sealed record MerchantCoverage(
    string MerchantId,
    DateTimeOffset BackfillStart,
    DateTimeOffset Horizon,
    DateTimeOffset ComputedAt,
    IReadOnlyList<TypeCoverage> Types);

/// <summary>One export type of a merchant: its blocks, oldest first, and the window folders behind them.</summary>
public sealed record TypeCoverage(string Type, int CommittedWindows, int IncompleteWindows, IReadOnlyList<CoverageBlock> Blocks);

/// <summary>
/// One 30-day block (see <see cref="Planning.TimeBlocks"/>): its state, how far its stored data
/// reaches, when its stored data was taken (the oldest window's commit, for the snapshot's age),
/// and for a failed block the last reason.
/// </summary>
public sealed record CoverageBlock(
    DateTimeOffset Start,
    DateTimeOffset End,
    BlockState State,
    DateTimeOffset? CoveredThrough = null,
    DateTimeOffset? SnapshotAt = null,
    string? LastFailure = null,
    DateTimeOffset? FailedAt = null);

using CloverExport.Core.Clover;
using CloverExport.Core.Planning;

namespace CloverExport.Core.Coverage;

/// <summary>
/// The one place a block's state is decided. Precedence: before the backfill start; running; complete
/// (covered up to the horizon); failed (a recorded failure of a window that is still not covered);
/// partial (something stored, or parts without a manifest); not exported.
/// </summary>
public static class CoverageCalculator
{
    /// <param name="from">First instant to show (widened to its block's start).</param>
    /// <param name="to">Last instant to show.</param>
    /// <param name="horizon">Newest instant a run would have exported by now (<see cref="SettledEnd"/>).</param>
    public static MerchantCoverage Compute(
        string merchantId,
        DateTimeOffset backfillStart,
        DateTimeOffset from,
        DateTimeOffset to,
        DateTimeOffset horizon,
        DateTimeOffset computedAt,
        IReadOnlyDictionary<ExportType, CoverageFacts> facts)
    {
        var types = new List<TypeCoverage>();
        foreach (var (type, typeFacts) in facts.OrderBy(f => f.Key))
        {
            var committed = TimeRangeSet.Of(typeFacts.Committed.Select(c => c.Window));
            var blocks = new List<CoverageBlock>();
            for (var start = TimeBlocks.StartOf(from); start <= to; start = start.Add(TimeBlocks.Length))
            {
                blocks.Add(Block(start, TimeBlocks.EndOf(start), backfillStart, horizon, committed, typeFacts));
            }

            types.Add(new TypeCoverage(type.ToWireName(), typeFacts.Committed.Count, typeFacts.Incomplete.Count, blocks));
        }

        return new MerchantCoverage(merchantId, backfillStart, horizon, computedAt, types);
    }

    private static CoverageBlock Block(DateTimeOffset start, DateTimeOffset end, DateTimeOffset backfillStart, DateTimeOffset horizon, TimeRangeSet committed, CoverageFacts facts)
    {
        if (end < backfillStart)
        {
            return new CoverageBlock(start, end, BlockState.BeforeBackfill);
        }

        var block = new TimeRange(start, end);
        var expected = new TimeRange(Max(start, backfillStart), Min(end, horizon));
        var stored = facts.Committed.Where(c => Overlaps(c.Window, block)).ToList();
        var coveredThrough = expected.Start <= expected.End ? committed.CoveredThrough(expected.Start) : null;
        var snapshotAt = stored.Count > 0 ? stored.Min(c => c.SnapshotAt) : (DateTimeOffset?)null;

        if (facts.Running.Any(w => Overlaps(w, block)))
        {
            return new CoverageBlock(start, end, BlockState.Running, coveredThrough, snapshotAt);
        }

        if (expected.Start <= expected.End && committed.Uncovered(expected).Count == 0)
        {
            return new CoverageBlock(start, end, BlockState.Complete, coveredThrough, snapshotAt);
        }

        var failure = facts.Failures
            .Where(f => block.Overlaps(new TimeRange(f.Start, f.End)) && committed.Uncovered(new TimeRange(f.Start, f.End)).Count > 0)
            .MaxBy(f => f.FailedAt);
        if (failure is not null)
        {
            return new CoverageBlock(start, end, BlockState.Failed, coveredThrough, snapshotAt, failure.Reason, failure.FailedAt);
        }

        return stored.Count > 0 || facts.Incomplete.Any(w => Overlaps(w, block))
            ? new CoverageBlock(start, end, BlockState.Partial, coveredThrough, snapshotAt)
            : new CoverageBlock(start, end, BlockState.NotExported);
    }

    private static bool Overlaps(ExportWindow window, TimeRange block) => block.Overlaps(new TimeRange(window.Start, window.End));

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

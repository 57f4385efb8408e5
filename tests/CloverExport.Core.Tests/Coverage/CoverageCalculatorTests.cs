using CloverExport.Core.Coverage;
using CloverExport.Core.Planning;

namespace CloverExport.Core.Tests.Coverage;

public class CoverageCalculatorTests
{
    private static readonly DateTimeOffset B0 = TimeBlocks.StartOf(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private static readonly DateTimeOffset Now = B0.AddDays(30 * 5);

    private static DateTimeOffset Block(int i) => B0.AddDays(30 * i);

    private static ExportWindow Window(DateTimeOffset start, DateTimeOffset end) => new(ExportType.Payments, start, end);

    private static ExportWindow Whole(int i) => Window(Block(i), TimeBlocks.EndOf(Block(i)));

    private static IReadOnlyList<CoverageBlock> Compute(CoverageFacts facts, DateTimeOffset? backfill = null, DateTimeOffset? horizon = null) =>
        CoverageCalculator.Compute("M", backfill ?? B0, B0, Now.AddMilliseconds(-1), horizon ?? Now, Now,
            new Dictionary<ExportType, CoverageFacts> { [ExportType.Payments] = facts }).Types.Single().Blocks;

    [Fact]
    public void Every_block_from_the_first_to_the_last_is_listed_once_and_nothing_stored_is_not_exported()
    {
        var blocks = Compute(CoverageFacts.None);

        Assert.Equal([.. Enumerable.Range(0, 5).Select(Block)], blocks.Select(b => b.Start));
        Assert.All(blocks, b => Assert.Equal(TimeBlocks.EndOf(b.Start), b.End));
        Assert.All(blocks, b => Assert.Equal(BlockState.NotExported, b.State));
    }

    [Fact]
    public void Blocks_that_end_before_the_backfill_start_are_before_backfill_and_the_first_is_complete_from_the_backfill_start()
    {
        var backfill = Block(2).AddDays(7);
        var facts = CoverageFacts.None with { Committed = [new CommittedWindow(Window(backfill, TimeBlocks.EndOf(backfill)), Now.AddDays(-3))] };

        var blocks = Compute(facts, backfill);

        Assert.Equal([BlockState.BeforeBackfill, BlockState.BeforeBackfill, BlockState.Complete, BlockState.NotExported, BlockState.NotExported], blocks.Select(b => b.State));
        Assert.Equal(Now.AddDays(-3), blocks[2].SnapshotAt);
        Assert.Equal(TimeBlocks.EndOf(Block(2)), blocks[2].CoveredThrough);
    }

    [Fact]
    public void A_block_covered_by_several_windows_is_complete_with_the_oldest_snapshot_and_one_with_a_gap_is_partial()
    {
        var mid = Block(1).AddDays(12);
        var facts = CoverageFacts.None with
        {
            Committed =
            [
                new CommittedWindow(Window(Block(1), mid.AddMilliseconds(-1)), Now.AddDays(-20)),
                new CommittedWindow(Window(mid, TimeBlocks.EndOf(Block(1))), Now.AddDays(-2)),
                new CommittedWindow(Window(Block(2), mid.AddDays(30).AddMilliseconds(-1)), Now.AddDays(-1)),
            ],
        };

        var blocks = Compute(facts);

        Assert.Equal(BlockState.Complete, blocks[1].State);
        Assert.Equal(Now.AddDays(-20), blocks[1].SnapshotAt);
        Assert.Equal(BlockState.Partial, blocks[2].State);
        Assert.Equal(mid.AddDays(30).AddMilliseconds(-1), blocks[2].CoveredThrough);
    }

    [Fact]
    public void The_current_block_is_complete_when_covered_up_to_the_horizon_and_partial_when_not()
    {
        var horizon = Block(4).AddDays(9);
        var upToHorizon = CoverageFacts.None with { Committed = [new CommittedWindow(Window(Block(4), horizon), Now)] };
        var short1 = CoverageFacts.None with { Committed = [new CommittedWindow(Window(Block(4), horizon.AddDays(-1)), Now)] };

        Assert.Equal(BlockState.Complete, Compute(upToHorizon, horizon: horizon)[4].State);
        Assert.Equal(BlockState.Partial, Compute(short1, horizon: horizon)[4].State);
    }

    [Fact]
    public void A_recorded_failure_fails_its_block_with_the_last_reason_until_the_window_is_committed()
    {
        var failures = new[]
        {
            new RecordedFailure(Block(3), TimeBlocks.EndOf(Block(3)), "older reason", Now.AddDays(-5)),
            new RecordedFailure(Block(3).AddDays(10), TimeBlocks.EndOf(Block(3)), "export FAILED", Now.AddDays(-1)),
        };
        var failed = CoverageFacts.None with { Failures = failures };

        var block = Compute(failed)[3];
        Assert.Equal(BlockState.Failed, block.State);
        Assert.Equal("export FAILED", block.LastFailure);
        Assert.Equal(Now.AddDays(-1), block.FailedAt);

        var redone = failed with { Committed = [new CommittedWindow(Whole(3), Now)] };
        Assert.Equal(BlockState.Complete, Compute(redone)[3].State);
    }

    [Fact]
    public void A_failure_of_a_window_that_was_committed_later_does_not_hide_that_the_rest_is_partial()
    {
        var first = Window(Block(2), Block(2).AddDays(5).AddMilliseconds(-1));
        var facts = CoverageFacts.None with
        {
            Committed = [new CommittedWindow(first, Now)],
            Failures = [new RecordedFailure(first.Start, first.End, "was failing", Now.AddDays(-3))],
        };

        Assert.Equal(BlockState.Partial, Compute(facts)[2].State);
    }

    [Fact]
    public void A_window_being_worked_on_makes_its_block_running_over_every_other_state()
    {
        var facts = new CoverageFacts(
            [new CommittedWindow(Window(Block(1), Block(1).AddDays(3)), Now)],
            [],
            [new RecordedFailure(Block(1), TimeBlocks.EndOf(Block(1)), "failed before", Now)],
            [Window(Block(1).AddDays(3).AddMilliseconds(1), TimeBlocks.EndOf(Block(1)))]);

        Assert.Equal(BlockState.Running, Compute(facts)[1].State);
    }

    [Fact]
    public void Parts_without_a_manifest_make_a_block_partial_not_complete()
    {
        var facts = CoverageFacts.None with { Incomplete = [Whole(2)] };

        var blocks = Compute(facts);

        Assert.Equal(BlockState.Partial, blocks[2].State);
        Assert.Null(blocks[2].CoveredThrough);
        Assert.Equal(1, CoverageCalculator.Compute("M", B0, B0, Now, Now, Now, new Dictionary<ExportType, CoverageFacts> { [ExportType.Payments] = facts }).Types[0].IncompleteWindows);
    }

    [Fact]
    public void A_block_that_starts_after_the_horizon_is_not_exported_even_when_planned_nothing()
    {
        var horizon = Block(3).AddMilliseconds(-1);
        var facts = CoverageFacts.None with { Committed = [new CommittedWindow(Window(Block(0), horizon), Now)] };

        var blocks = Compute(facts, horizon: horizon);

        Assert.Equal([BlockState.Complete, BlockState.Complete, BlockState.Complete, BlockState.NotExported, BlockState.NotExported], blocks.Select(b => b.State));
    }
}

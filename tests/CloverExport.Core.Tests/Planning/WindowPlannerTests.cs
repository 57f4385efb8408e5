using CloverExport.Core.Planning;

namespace CloverExport.Core.Tests.Planning;

public class WindowPlannerTests
{
    private static readonly Dictionary<ExportType, TimeRangeSet> Nothing = [];

    [Fact]
    public void Blocks_are_30_days_from_the_epoch_and_never_share_a_millisecond()
    {
        var start = TimeBlocks.StartOf(new DateTimeOffset(2024, 2, 29, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, start.ToUnixTimeMilliseconds() % (30L * 24 * 3600 * 1000));
        Assert.Equal(start.AddDays(30).AddMilliseconds(-1), TimeBlocks.EndOf(start));
        Assert.Equal(start.AddDays(30), TimeBlocks.StartOf(TimeBlocks.EndOf(start).AddMilliseconds(1)));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddDays(-30), TimeBlocks.StartOf(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
    }

    [Fact]
    public void A_year_of_both_types_is_cut_into_contiguous_windows_of_at_most_30_days()
    {
        var from = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2024, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);

        var windows = WindowPlanner.Plan(ExportTypes.All, from, to, Nothing);

        foreach (var type in ExportTypes.All)
        {
            var ofType = windows.Where(w => w.Type == type).ToList();
            Assert.Equal(TimeBlocks.StartOf(from), ofType[0].Start);
            Assert.Equal(to, ofType[^1].End);
            Assert.All(ofType, w => Assert.True(w.End - w.Start < TimeSpan.FromDays(30) && w.End >= w.Start));
            for (var i = 1; i < ofType.Count; i++)
            {
                Assert.Equal(ofType[i - 1].End.AddMilliseconds(1), ofType[i].Start);
            }
        }
    }

    [Fact]
    public void The_same_period_always_maps_to_the_same_windows()
    {
        var a = WindowPlanner.Plan([ExportType.Orders], new DateTimeOffset(2023, 5, 3, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 9, 1, 0, 0, 0, TimeSpan.Zero), Nothing);
        var b = WindowPlanner.Plan([ExportType.Orders], new DateTimeOffset(2023, 5, 20, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2023, 9, 1, 0, 0, 0, TimeSpan.Zero), Nothing);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Committed_ranges_are_not_planned_again_and_a_partial_block_continues_where_it_stopped()
    {
        var from = TimeBlocks.StartOf(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var firstEnd = from.AddDays(10).AddMilliseconds(-1);
        var committed = new TimeRangeSet();
        committed.Add(new TimeRange(from, firstEnd));

        var windows = WindowPlanner.Plan([ExportType.Payments], from, from.AddDays(45), new Dictionary<ExportType, TimeRangeSet> { [ExportType.Payments] = committed });

        Assert.Equal(firstEnd.AddMilliseconds(1), windows[0].Start);
        Assert.Equal(TimeBlocks.EndOf(from), windows[0].End);
        Assert.Equal(from.AddDays(30), windows[1].Start);
        Assert.Equal(from.AddDays(45), windows[1].End);
        Assert.Equal(2, windows.Count);
    }

    [Fact]
    public void A_fully_committed_range_plans_nothing()
    {
        var from = TimeBlocks.StartOf(new DateTimeOffset(2022, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var to = from.AddDays(90).AddMilliseconds(-1);
        var committed = new TimeRangeSet();
        foreach (var w in WindowPlanner.Plan([ExportType.Orders], from, to, Nothing))
        {
            committed.Add(new TimeRange(w.Start, w.End));
        }

        Assert.Empty(WindowPlanner.Plan([ExportType.Orders], from, to, new Dictionary<ExportType, TimeRangeSet> { [ExportType.Orders] = committed }));
        Assert.Equal(to, committed.CoveredThrough(from));
    }

    [Fact]
    public void An_end_before_the_start_plans_nothing() =>
        Assert.Empty(WindowPlanner.Plan([ExportType.Orders], DateTimeOffset.UnixEpoch.AddDays(100), DateTimeOffset.UnixEpoch, Nothing));
}

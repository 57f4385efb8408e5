using CloverExport.Core.Planning;

namespace CloverExport.Core.Tests.Planning;

public class RevisitPlannerTests
{
    private static readonly TimeSpan[] Ages = [TimeSpan.FromDays(3), TimeSpan.FromDays(14), TimeSpan.FromDays(45)];
    private static readonly DateTimeOffset DayEnd = new(2026, 11, 1, 23, 59, 59, 999, TimeSpan.Zero);
    private static readonly ExportWindow Day = new(ExportType.Orders, DayEnd.AddDays(-1).AddMilliseconds(1), DayEnd);

    [Fact]
    public void A_window_is_revisited_once_each_age_passes_and_never_before()
    {
        var first = new WindowSnapshot(Day, DayEnd.AddDays(1));

        Assert.Empty(RevisitPlanner.Due([first], Ages, DayEnd.AddDays(2)));
        var due = Assert.Single(RevisitPlanner.Due([first], Ages, DayEnd.AddDays(3)));
        Assert.Equal(Day with { Revision = 1 }, due);

        var second = new WindowSnapshot(due, DayEnd.AddDays(3).AddHours(1));
        Assert.Empty(RevisitPlanner.Due([second], Ages, DayEnd.AddDays(13)));
        Assert.Equal(2, Assert.Single(RevisitPlanner.Due([second], Ages, DayEnd.AddDays(14))).Revision);
    }

    [Fact]
    public void Ages_that_passed_since_the_last_snapshot_make_one_revisit()
    {
        var first = new WindowSnapshot(Day, DayEnd.AddDays(1));

        var due = RevisitPlanner.Due([first], Ages, DayEnd.AddDays(50));

        Assert.Equal(1, Assert.Single(due).Revision);
        Assert.True(RevisitPlanner.IsFinal(new WindowSnapshot(due[0], DayEnd.AddDays(50)), Ages));
    }

    [Fact]
    public void A_backfill_of_old_data_is_never_revisited_and_is_final_at_once()
    {
        var backfilled = new WindowSnapshot(Day, DayEnd.AddDays(400));

        Assert.Empty(RevisitPlanner.Due([backfilled], Ages, DayEnd.AddDays(800)));
        Assert.True(RevisitPlanner.IsFinal(backfilled, Ages));
        Assert.False(RevisitPlanner.IsFinal(new WindowSnapshot(Day, DayEnd.AddDays(20)), Ages));
    }

    [Fact]
    public void Without_revisit_ages_nothing_is_ever_due()
    {
        Assert.Empty(RevisitPlanner.Due([new WindowSnapshot(Day, DayEnd.AddMinutes(5))], [], DayEnd.AddDays(100)));
    }
}

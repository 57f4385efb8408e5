using CloverExport.Core.Planning;

namespace CloverExport.Core.Tests.Planning;

public class TimeRangeSetTests
{
    private static DateTimeOffset Ms(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    private static TimeRange Range(long start, long end) => new(Ms(start), Ms(end));

    private static TimeRangeSet SetOf(params TimeRange[] ranges)
    {
        var set = new TimeRangeSet();
        foreach (var range in ranges)
        {
            set.Add(range);
        }

        return set;
    }

    [Fact]
    public void Adjacent_and_overlapping_ranges_merge()
    {
        var set = SetOf(Range(0, 9), Range(10, 19), Range(30, 39), Range(35, 50));

        Assert.Equal([Range(0, 19), Range(30, 50)], set.Ranges);
    }

    [Fact]
    public void Uncovered_returns_the_gaps_inside_the_query()
    {
        var set = SetOf(Range(10, 19), Range(30, 39));

        Assert.Equal([Range(0, 9), Range(20, 29), Range(40, 45)], set.Uncovered(Range(0, 45)));
        Assert.Empty(set.Uncovered(Range(12, 18)));
    }

    [Fact]
    public void CoveredThrough_stops_at_the_first_gap()
    {
        var set = SetOf(Range(0, 9), Range(10, 19), Range(21, 30));

        Assert.Equal(Ms(19), set.CoveredThrough(Ms(0)));
        Assert.Null(set.CoveredThrough(Ms(20)));
    }
}

using CloverExport.Core.Planning;

namespace CloverExport.Core.Tests.Planning;

public sealed class ExportDaysTests
{
    private static readonly DateTimeOffset Earliest = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Newest = new(2025, 5, 31, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Inclusive_days_map_to_the_first_and_last_millisecond_and_back()
    {
        var day = new DateOnly(2025, 2, 28);

        Assert.Equal(new DateTimeOffset(2025, 2, 28, 0, 0, 0, TimeSpan.Zero), ExportDays.StartOf(day));
        Assert.Equal(new DateTimeOffset(2025, 2, 28, 23, 59, 59, 999, TimeSpan.Zero), ExportDays.EndOf(day));
        Assert.Equal(day, ExportDays.DayOf(ExportDays.EndOf(day)));
        Assert.Equal(day, ExportDays.DayOf(ExportDays.StartOf(day)));
        Assert.True(ExportDays.TryParse("2025-02-28", out var parsed) && parsed == day);
        Assert.False(ExportDays.TryParse("2025-02-28T00:00:00Z", out _));
    }

    [Theory]
    [InlineData("0001-01-01", null, "from")]
    [InlineData("1970-01-01", "2024-01-31", "from")]
    [InlineData("2009-12-31", null, "from")]
    [InlineData("2025-06-01", null, "from")]
    [InlineData(null, "2009-12-31", "to")]
    [InlineData("2025-02-01", "2025-01-31", "to")]
    public void A_range_outside_what_Clover_can_hold_is_refused_per_bound(string? from, string? to, string field)
    {
        var errors = ExportDays.Check(Start(from), End(to), Earliest, Newest);

        Assert.Equal([field], errors.Keys);
    }

    [Theory]
    [InlineData("2010-01-01", "2025-05-30")]
    [InlineData("2025-01-01", "2025-01-01")]
    [InlineData(null, null)]
    // Past the settled end: not refused, planning cuts the run there and says so.
    [InlineData("2025-01-01", "2025-05-31")]
    [InlineData("2025-01-01", "2999-12-31")]
    public void A_range_within_the_bounds_passes(string? from, string? to) =>
        Assert.Empty(ExportDays.Check(Start(from), End(to), Earliest, Newest));

    private static DateTimeOffset? Start(string? day) => day is null ? null : ExportDays.StartOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));

    private static DateTimeOffset? End(string? day) => day is null ? null : ExportDays.EndOf(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture));
}

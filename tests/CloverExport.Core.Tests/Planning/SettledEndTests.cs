using CloverExport.Core.Planning;

namespace CloverExport.Core.Tests.Planning;

public class SettledEndTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public void The_settled_end_is_the_last_millisecond_before_the_aligned_boundary()
    {
        var now = new DateTimeOffset(2026, 12, 1, 10, 7, 31, 250, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 11, 29, 23, 59, 59, 999, TimeSpan.Zero), SettledEnd.At(now, Day, Day));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 9, 59, 59, 999, TimeSpan.Zero), SettledEnd.At(now, TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 59, 59, 999, TimeSpan.Zero), SettledEnd.At(now, TimeSpan.FromMinutes(5), Day));
    }

    [Fact]
    public void Reruns_within_the_same_aligned_period_end_at_the_same_millisecond()
    {
        var first = new DateTimeOffset(2026, 12, 1, 10, 5, 0, TimeSpan.Zero);

        // The rerun 17 minutes later that cut a 17-minute window (issue 17, item 4) now ends where the first run did.
        Assert.Equal(SettledEnd.At(first, Day, Day), SettledEnd.At(first.AddMinutes(17), Day, Day));
        Assert.Equal(SettledEnd.At(first, Day, Day), SettledEnd.At(first.AddHours(13), Day, Day));
        Assert.Equal(SettledEnd.At(first, Day, Day).AddDays(1), SettledEnd.At(first.AddHours(14), Day, Day));
    }
}

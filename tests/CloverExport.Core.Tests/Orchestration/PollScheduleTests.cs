using CloverExport.Core.Orchestration;

namespace CloverExport.Core.Tests.Orchestration;

public class PollScheduleTests
{
    private static readonly TimeSpan Minimum = TimeSpan.FromSeconds(4);

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Without_a_usable_percent_the_backoff_interval_applies(int percent) =>
        Assert.Equal(TimeSpan.FromSeconds(60), PollSchedule.NextDelay(TimeSpan.FromSeconds(30), percent, TimeSpan.FromSeconds(60), Minimum));

    [Fact]
    public void An_export_that_will_finish_before_the_interval_is_polled_when_it_should_be_done()
    {
        // 75 % after 90 s: about 30 s left, plus half the minimum.
        var delay = PollSchedule.NextDelay(TimeSpan.FromSeconds(90), 75, TimeSpan.FromMinutes(2), Minimum);
        Assert.Equal(TimeSpan.FromSeconds(32), delay);
    }

    [Fact]
    public void The_estimate_never_waits_longer_than_the_interval_nor_shorter_than_the_minimum()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), PollSchedule.NextDelay(TimeSpan.FromSeconds(15), 10, TimeSpan.FromSeconds(15), Minimum));
        Assert.Equal(Minimum, PollSchedule.NextDelay(TimeSpan.FromSeconds(60), 99, TimeSpan.FromMinutes(2), Minimum));
    }
}

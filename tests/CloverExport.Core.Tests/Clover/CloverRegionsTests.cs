namespace CloverExport.Core.Tests.Clover;

public class CloverRegionsTests
{
    private static DateTimeOffset Utc(string value) => DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("us", "https://api.clover.com/")]
    [InlineData("eu", "https://api.eu.clover.com/")]
    [InlineData("la", "https://api.la.clover.com/")]
    [InlineData("sandbox", "https://apisandbox.dev.clover.com/")]
    [InlineData("EU", "https://api.eu.clover.com/")]
    public void Base_url_per_region(string region, string expected) =>
        Assert.Equal(expected, CloverRegions.GetBaseUrl(region).AbsoluteUri);

    [Fact]
    public void Unknown_region_is_an_argument_error() =>
        Assert.Equal("region", Assert.Throws<ArgumentException>(() => CloverRegions.GetBaseUrl("apac")).ParamName);

    [Theory]
    // us: daily 10:00-15:00 UTC, close exclusive.
    [InlineData("us", "2024-03-05T09:59:59Z", "2024-03-05T10:00:00Z")]
    [InlineData("us", "2024-03-05T10:00:00Z", "2024-03-05T10:00:00Z")]
    [InlineData("us", "2024-03-05T14:59:59Z", "2024-03-05T14:59:59Z")]
    [InlineData("us", "2024-03-05T15:00:00Z", "2024-03-06T10:00:00Z")]
    [InlineData("us", "2024-03-09T23:00:00Z", "2024-03-10T10:00:00Z")]
    // eu: Mon-Fri 01-05, Sat 02-05, Sun 02-06.
    [InlineData("eu", "2024-03-04T00:30:00Z", "2024-03-04T01:00:00Z")] // Monday
    [InlineData("eu", "2024-03-08T05:00:00Z", "2024-03-09T02:00:00Z")] // Friday after close -> Saturday 02:00
    [InlineData("eu", "2024-03-09T01:30:00Z", "2024-03-09T02:00:00Z")] // Saturday opens at 02:00
    [InlineData("eu", "2024-03-10T05:30:00Z", "2024-03-10T05:30:00Z")] // Sunday open until 06:00
    [InlineData("eu", "2024-03-10T06:00:00Z", "2024-03-11T01:00:00Z")] // Sunday close -> Monday 01:00
    // Non-UTC input is compared in UTC.
    [InlineData("us", "2024-03-05T06:00:00-05:00", "2024-03-05T11:00:00Z")]
    // sandbox always open, la unknown: an hour later.
    [InlineData("sandbox", "2024-03-05T03:00:00Z", "2024-03-05T03:00:00Z")]
    [InlineData("la", "2024-03-05T03:00:00Z", "2024-03-05T04:00:00Z")]
    public void Next_opening(string region, string after, string expected) =>
        Assert.Equal(Utc(expected), CloverRegions.NextOpening(region, Utc(after)));

    [Theory]
    [InlineData("us", "2024-03-05T12:00:00Z", true)]
    [InlineData("us", "2024-03-05T16:00:00Z", false)]
    [InlineData("eu", "2024-03-09T01:30:00Z", false)]
    [InlineData("sandbox", "2024-03-05T16:00:00Z", true)]
    [InlineData("la", "2024-03-05T16:00:00Z", true)]
    public void Is_open(string region, string at, bool expected) =>
        Assert.Equal(expected, CloverRegions.IsOpen(region, Utc(at)));
}

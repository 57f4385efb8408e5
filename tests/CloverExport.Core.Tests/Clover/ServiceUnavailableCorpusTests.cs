using System.Net;
using System.Text;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

/// <summary>
/// Clover's 503 bodies are undocumented: a corpus of plausible ones, each in open hours, closed hours
/// and hour-less regions. Only the hours table and facts in a body (a next-available time, hours)
/// that say closed now make a closed-hours wait; everything else is a concurrency wait.
/// </summary>
public class ServiceUnavailableCorpusTests
{
    private static readonly TimeSpan ConcurrencyDelay = TimeSpan.FromSeconds(45);

    /// <summary>A Tuesday: us is open 10:00-15:00 UTC.</summary>
    private static readonly DateTimeOffset UsOpen = new(2024, 3, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset UsClosed = new(2024, 3, 5, 16, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset NextUsOpening = new(2024, 3, 6, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Bodies that carry no fact about hours, whatever their words.</summary>
    private static readonly Dictionary<string, (string MediaType, string Body)> WordsOnly = new()
    {
        ["empty"] = ("application/json", ""),
        ["html"] = ("text/html", "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center></body></html>"),
        ["plain text"] = ("text/plain", "Service Unavailable"),
        ["message: service unavailable"] = ("application/json", """{"message":"Service Unavailable: the server is temporarily unable to handle the request"}"""),
        ["message: too many concurrent exports"] = ("application/json", """{"message":"Export service unavailable: too many concurrent exports"}"""),
        ["message: business hours"] = ("application/json", """{"message":"Export is not available outside business hours"}"""),
        ["nested error object"] = ("application/json", """{"error":{"code":503,"message":"Service Unavailable"}}"""),
        ["error string"] = ("application/json", """{"error":"Service Unavailable"}"""),
        ["status and nested message"] = ("application/json", """{"status":503,"error":{"message":"The export service is unavailable, try again later"}}"""),
        ["json array"] = ("application/json", """[{"message":"unavailable"}]"""),
        ["next time in the past"] = ("application/json", """{"message":"Unavailable","nextAvailableTime":1000000000000}"""),
        ["unparseable next time"] = ("application/json", """{"message":"Unavailable","nextAvailableTime":"soon"}"""),
    };

    public static TheoryData<string, string, string> WordsOnlyCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var body in WordsOnly.Keys)
        {
            foreach (var scenario in new[] { "us open", "us closed", "sandbox", "la" })
            {
                data.Add(body, scenario, scenario == "us closed" ? "closed until the table's opening" : "concurrency");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(WordsOnlyCases))]
    public async Task Words_alone_never_make_a_closed_hours_wait(string body, string scenario, string expected)
    {
        var (region, now) = Scenario(scenario);
        var (mediaType, text) = WordsOnly[body];

        var error = await ServiceUnavailableAsync(region, now, mediaType, text);

        if (expected == "concurrency")
        {
            Assert.Equal((CloverUnavailableReason.ConcurrencyLimit, now + ConcurrencyDelay), (error.Reason, error.RetryAt));
        }
        else
        {
            Assert.Equal((CloverUnavailableReason.ClosedHours, NextUsOpening), (error.Reason, error.RetryAt));
        }
    }

    [Theory]
    [InlineData("us open")]
    [InlineData("us closed")]
    [InlineData("sandbox")]
    [InlineData("la")]
    public async Task A_next_available_time_that_says_closed_now_is_waited_for_in_every_region(string scenario)
    {
        var (region, now) = Scenario(scenario);
        var next = now.AddHours(2).AddSeconds(7);
        string[] shapes =
        [
            $$"""{"message":"Service Unavailable","nextAvailableTime":{{next.ToUnixTimeMilliseconds()}}}""",
            $$$"""{"error":{"message":"Outside export hours","nextAvailableTime":"{{{next:yyyy-MM-ddTHH:mm:ssZ}}}"}}""",
            $$"""{"message":"Unavailable","nextAvailableTime":"{{next.ToUnixTimeMilliseconds()}}"}""",
            $$"""{"message":"Unavailable","nextAvailableTime":{{next.ToUnixTimeSeconds()}}}""",
        ];

        foreach (var body in shapes)
        {
            var error = await ServiceUnavailableAsync(region, now, "application/json", body);

            Assert.Equal((CloverUnavailableReason.ClosedHours, next), (error.Reason, error.RetryAt));
        }
    }

    [Theory]
    [InlineData("us open", "concurrency")]
    [InlineData("us closed", "2024-03-06T10:00:00Z")]
    [InlineData("sandbox", "2024-03-06T10:00:00Z")]
    [InlineData("la at 16:00", "2024-03-06T10:00:00Z")]
    [InlineData("la", "concurrency")]
    public async Task Hours_in_the_body_count_only_when_they_say_closed_now(string scenario, string expected)
    {
        var (region, now) = Scenario(scenario);
        string[] shapes =
        [
            """{"message":"Service Unavailable","availableHours":"10:00-15:00 UTC"}""",
            """{"error":{"message":"The export service is available 10:00–15:00 UTC"}}""",
        ];

        foreach (var body in shapes)
        {
            var error = await ServiceUnavailableAsync(region, now, "application/json", body);

            if (expected == "concurrency")
            {
                Assert.Equal((CloverUnavailableReason.ConcurrencyLimit, now + ConcurrencyDelay), (error.Reason, error.RetryAt));
            }
            else
            {
                Assert.Equal((CloverUnavailableReason.ClosedHours, DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture)), (error.Reason, error.RetryAt));
            }
        }
    }

    [Fact]
    public async Task A_next_available_time_more_than_a_week_away_is_not_believed()
    {
        var error = await ServiceUnavailableAsync("us", UsOpen, "application/json", $$"""{"nextAvailableTime":{{UsOpen.AddDays(30).ToUnixTimeMilliseconds()}}}""");

        Assert.Equal(CloverUnavailableReason.ConcurrencyLimit, error.Reason);
    }

    private static (string Region, DateTimeOffset Now) Scenario(string scenario) => scenario switch
    {
        "us open" => ("us", UsOpen),
        "us closed" => ("us", UsClosed),
        "sandbox" => ("sandbox", UsClosed),
        "la" => ("la", UsOpen),
        "la at 16:00" => ("la", UsClosed),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    private static async Task<CloverUnavailableException> ServiceUnavailableAsync(string region, DateTimeOffset now, string mediaType, string body)
    {
        await using var h = Create(s =>
        {
            s["Merchants:0:Region"] = region;
            s["Clover:ConcurrencyRetryDelay"] = ConcurrencyDelay.ToString();
        }, now);
        h.Api.Then(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent(body, Encoding.UTF8, mediaType) });

        return await Assert.ThrowsAsync<CloverUnavailableException>(() => h.CreateOrdersExportAsync());
    }
}

using System.Globalization;

namespace CloverExport.Emulator.State;

/// <summary>Clover's documented export hours per region (UTC); sandbox and la are always open here.</summary>
internal static class AvailabilityHours
{
    public static bool AlwaysOpen(string region) => region is not ("us" or "eu");

    /// <summary>The hours as shown in the 503 body's availableHours.</summary>
    public static string Describe(string region) => region switch
    {
        "us" => "10:00-15:00 UTC",
        "eu" => "Mon-Fri 01:00-05:00, Sat 02:00-05:00, Sun 02:00-06:00 UTC",
        _ => "00:00-24:00 UTC",
    };

    public static bool IsOpen(string region, DateTimeOffset now)
    {
        if (AlwaysOpen(region))
        {
            return true;
        }

        var (from, to) = Window(region, now.UtcDateTime.DayOfWeek);
        var hour = now.UtcDateTime.TimeOfDay;
        return hour >= from && hour < to;
    }

    /// <summary>The first moment at or after <paramref name="at"/> when the region is open.</summary>
    public static DateTimeOffset NextOpen(string region, DateTimeOffset at)
    {
        if (IsOpen(region, at))
        {
            return at;
        }

        var day = new DateTimeOffset(at.UtcDateTime.Date, TimeSpan.Zero);
        for (var i = 0; i <= 7; i++, day = day.AddDays(1))
        {
            var opens = day + Window(region, day.DayOfWeek).From;
            if (opens > at)
            {
                return opens;
            }
        }

        throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Region {region} never opens."));
    }

    private static (TimeSpan From, TimeSpan To) Window(string region, DayOfWeek day) => region switch
    {
        "us" => (TimeSpan.FromHours(10), TimeSpan.FromHours(15)),
        _ => day switch
        {
            DayOfWeek.Saturday => (TimeSpan.FromHours(2), TimeSpan.FromHours(5)),
            DayOfWeek.Sunday => (TimeSpan.FromHours(2), TimeSpan.FromHours(6)),
            _ => (TimeSpan.FromHours(1), TimeSpan.FromHours(5)),
        },
    };
}

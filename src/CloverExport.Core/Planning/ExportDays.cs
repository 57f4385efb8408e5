using System.Globalization;

namespace CloverExport.Core.Planning;

/// <summary>
/// The one range convention of the public contracts (CLI <c>--from/--to</c>, HTTP <c>from/to</c>):
/// two UTC days, both inclusive, as people type them. Inside, a range is the first millisecond of
/// <c>from</c> through the last millisecond of <c>to</c> (<see cref="TimeRange"/>, inclusive ends).
/// </summary>
public static class ExportDays
{
    public const string Format = "yyyy-MM-dd";

    public static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>The last millisecond of <paramref name="day"/>: the inclusive end instant of a range whose <c>to</c> is that day.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => StartOf(day).AddDays(1).AddMilliseconds(-1);

    /// <summary>The UTC day an instant falls on (for an inclusive end instant: the range's <c>to</c> day).</summary>
    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    public static string Text(DateOnly day) => day.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    /// <summary>
    /// Checks a requested range (inclusive instants) against what Clover can hold: nothing before
    /// <paramref name="earliest"/> (<c>Export:EarliestDataStart</c>), and a start no later than
    /// <paramref name="newest"/> (now minus <c>Export:SettleLag</c>). An end past <paramref name="newest"/>
    /// is not refused: planning cuts every run at the settled end, whatever the host, and the run's
    /// result says so (<c>EndClamped</c>), so "to today" does what people mean.
    /// </summary>
    /// <returns>Per bound (<c>"from"</c>, <c>"to"</c>), why it is refused, in words that follow the bound's name; empty when the range is fine.</returns>
    public static IReadOnlyDictionary<string, string> Check(DateTimeOffset? from, DateTimeOffset? end, DateTimeOffset earliest, DateTimeOffset newest)
    {
        var errors = new Dictionary<string, string>();
        if (from is { } start && start < earliest)
        {
            errors["from"] = $"must not be before {Text(DayOf(earliest))}: Clover holds no data that old (Export:EarliestDataStart).";
        }
        else if (from is { } f && f > newest)
        {
            errors["from"] = $"is too recent: the newest settled data is at {newest:yyyy-MM-ddTHH:mm:ssZ} (now minus Export:SettleLag).";
        }

        if (end is { } e)
        {
            if (from is { } s && e < s)
            {
                errors["to"] = "must not be before 'from' (both days are inclusive).";
            }
            else if (e < earliest)
            {
                errors["to"] = $"must not be before {Text(DayOf(earliest))}: Clover holds no data that old (Export:EarliestDataStart).";
            }
        }

        return errors;
    }
}

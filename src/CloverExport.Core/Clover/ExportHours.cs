namespace CloverExport.Core.Clover;

/// <summary>UTC hours per weekday in which a region takes exports: one [open, close) span per day at most.</summary>
public sealed class ExportHours(IReadOnlyDictionary<DayOfWeek, (TimeOnly Open, TimeOnly Close)> days)
{
    public IReadOnlyDictionary<DayOfWeek, (TimeOnly Open, TimeOnly Close)> Days { get; } = days;

    public static ExportHours Daily(TimeOnly open, TimeOnly close) =>
        new(Enum.GetValues<DayOfWeek>().ToDictionary(d => d, _ => (open, close)));

    public bool IsOpen(DateTimeOffset at) => NextOpening(at) == at.ToUniversalTime();

    /// <summary><paramref name="after"/> when open then, else the next opening (UTC).</summary>
    public DateTimeOffset NextOpening(DateTimeOffset after)
    {
        var utc = after.ToUniversalTime();
        for (var offset = 0; offset <= 7; offset++)
        {
            var day = utc.UtcDateTime.Date.AddDays(offset);
            if (!Days.TryGetValue(day.DayOfWeek, out var span))
            {
                continue;
            }

            var open = new DateTimeOffset(day + span.Open.ToTimeSpan(), TimeSpan.Zero);
            var close = new DateTimeOffset(day + span.Close.ToTimeSpan(), TimeSpan.Zero);
            if (utc < close)
            {
                return utc > open ? utc : open;
            }
        }

        throw new InvalidOperationException("Export hours have no open day.");
    }
}

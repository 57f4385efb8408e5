using System.Globalization;

namespace CloverExport.Emulator.State;

/// <summary>When creates are accepted: the region hours, a per-minute schedule for benchmarks, or always (EnforceHours off).</summary>
internal sealed class ExportHours(EmulatorOptions options)
{
    public bool IsOpen(string region, DateTimeOffset now) => options switch
    {
        { EnforceHours: false } => true,
        { HoursMode: HoursMode.PerMinute } => now.UtcDateTime.TimeOfDay.TotalSeconds % 60 < options.OpenSecondsPerMinute,
        _ => AvailabilityHours.IsOpen(region, now),
    };

    /// <summary>The first moment at or after <paramref name="at"/> when creates are accepted.</summary>
    public DateTimeOffset NextOpen(string region, DateTimeOffset at)
    {
        if (IsOpen(region, at))
        {
            return at;
        }

        if (options.HoursMode == HoursMode.PerMinute)
        {
            var minute = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
            return minute.AddMinutes(1);
        }

        return AvailabilityHours.NextOpen(region, at);
    }

    /// <summary>The hours as shown in the 503 body's availableHours.</summary>
    public string Describe(string region) => options.EnforceHours && options.HoursMode == HoursMode.PerMinute
        ? string.Create(CultureInfo.InvariantCulture, $"the first {options.OpenSecondsPerMinute} seconds of every minute UTC")
        : AvailabilityHours.Describe(region);
}

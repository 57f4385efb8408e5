using CloverExport.Core.Configuration;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Configuration;

/// <summary>
/// The Functions-only settings. They are flat app settings (no section) because the timer reads
/// <c>%ExportSchedule%</c> as a binding expression, where nested names are unreliable.
/// </summary>
public sealed class FunctionsSettings
{
    /// <summary>The documented schedule (10:05 UTC daily), quoted in messages; not a fallback.</summary>
    public const string ExampleSchedule = "0 5 10 * * *";

    /// <summary>
    /// Six-field NCRONTAB (seconds first), UTC unless WEBSITE_TIME_ZONE says otherwise. Required: the
    /// host resolves <c>%ExportSchedule%</c> itself and, when it is missing, disables the timer and keeps
    /// running, so a default here would hide that the schedule is off.
    /// </summary>
    [Schedule]
    public string? ExportSchedule { get; set; }

    /// <summary>The scheduled starts of all merchants are spread evenly over this span.</summary>
    [NotNegative("ExportStaggerWindow", ErrorMessage = "ExportStaggerWindow must not be negative; use 00:00:00 to start every merchant at once.")]
    public TimeSpan ExportStaggerWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary><see cref="ExportSchedule"/>: set, and six NCRONTAB fields.</summary>
    internal sealed class ScheduleAttribute() : SettingAttribute("ExportSchedule")
    {
        protected override string? Problem(object? value) =>
            value is not string schedule || string.IsNullOrWhiteSpace(schedule)
                ? $"{Setting} is not set: the timer reads it as %ExportSchedule% and the host switches the schedule off without it. Set it to a six-field NCRONTAB expression, e.g. '{ExampleSchedule}'."
                : !NcrontabFormat.IsPlausible(schedule)
                    ? $"{Setting} '{schedule}' is not a six-field NCRONTAB expression (second minute hour day month weekday), e.g. '{ExampleSchedule}'."
                    : null;
    }
}

/// <summary>Start-up validation of <see cref="FunctionsSettings"/> (generated from its annotations).</summary>
[OptionsValidator]
internal sealed partial class FunctionsSettingsValidator : IValidateOptions<FunctionsSettings>;

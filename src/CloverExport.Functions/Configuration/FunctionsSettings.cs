using System.ComponentModel.DataAnnotations;

namespace CloverExport.Functions.Configuration;

/// <summary>
/// The Functions-only settings. They are flat app settings (no section) because the timer reads
/// <c>%ExportSchedule%</c> as a binding expression, where nested names are unreliable.
/// </summary>
public sealed class FunctionsSettings : IValidatableObject
{
    /// <summary>The documented schedule (10:05 UTC daily), quoted in messages; not a fallback.</summary>
    public const string ExampleSchedule = "0 5 10 * * *";

    /// <summary>
    /// Six-field NCRONTAB (seconds first), UTC unless WEBSITE_TIME_ZONE says otherwise. Required: the
    /// host resolves <c>%ExportSchedule%</c> itself and, when it is missing, disables the timer and keeps
    /// running, so a default here would hide that the schedule is off.
    /// </summary>
    public string? ExportSchedule { get; set; }

    /// <summary>The scheduled starts of all merchants are spread evenly over this span.</summary>
    public TimeSpan ExportStaggerWindow { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ExportSchedule))
        {
            yield return new ValidationResult(
                $"ExportSchedule is not set: the timer reads it as %ExportSchedule% and the host switches the schedule off without it. Set it to a six-field NCRONTAB expression, e.g. '{ExampleSchedule}'.",
                [nameof(ExportSchedule)]);
        }
        else if (!NcrontabFormat.IsPlausible(ExportSchedule))
        {
            yield return new ValidationResult(
                $"ExportSchedule '{ExportSchedule}' is not a six-field NCRONTAB expression (second minute hour day month weekday), e.g. '{ExampleSchedule}'.",
                [nameof(ExportSchedule)]);
        }

        if (ExportStaggerWindow < TimeSpan.Zero)
        {
            yield return new ValidationResult("ExportStaggerWindow must not be negative; use 00:00:00 to start every merchant at once.", [nameof(ExportStaggerWindow)]);
        }
    }
}

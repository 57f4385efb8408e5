using System.ComponentModel.DataAnnotations;

namespace CloverExport.Functions.Configuration;

/// <summary>
/// The Functions-only settings. They are flat app settings (no section) because the timer reads
/// <c>%ExportSchedule%</c> as a binding expression, where nested names are unreliable.
/// </summary>
public sealed class FunctionsSettings : IValidatableObject
{
    public const string DefaultSchedule = "0 5 10 * * *";

    /// <summary>Six-field NCRONTAB (seconds first), UTC unless WEBSITE_TIME_ZONE says otherwise.</summary>
    public string ExportSchedule { get; set; } = DefaultSchedule;

    /// <summary>The scheduled starts of all merchants are spread evenly over this span.</summary>
    public TimeSpan ExportStaggerWindow { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!NcrontabFormat.IsPlausible(ExportSchedule))
        {
            yield return new ValidationResult(
                $"ExportSchedule '{ExportSchedule}' is not a six-field NCRONTAB expression (second minute hour day month weekday), e.g. '{DefaultSchedule}'.",
                [nameof(ExportSchedule)]);
        }

        if (ExportStaggerWindow < TimeSpan.Zero)
        {
            yield return new ValidationResult("ExportStaggerWindow must not be negative; use 00:00:00 to start every merchant at once.", [nameof(ExportStaggerWindow)]);
        }
    }
}

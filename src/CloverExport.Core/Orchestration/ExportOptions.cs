using System.ComponentModel.DataAnnotations;
using CloverExport.Core.Clover;
using CloverExport.Core.Configuration;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Orchestration;

/// <summary>How exports are planned, paced and retried. Section <c>Export</c>.</summary>
public sealed class ExportOptions : IValidatableObject
{
    public const string SectionName = "Export";

    /// <summary>Comma-separated: ORDERS, PAYMENTS.</summary>
    [ExportTypeList("Export:Types")]
    public string Types { get; set; } = "ORDERS,PAYMENTS";

    /// <summary>Oldest data an incremental run exports for a merchant that has no backfill start of its own.</summary>
    public DateTimeOffset BackfillStart { get; set; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Requested ranges may not start before this: Clover has held merchant data only since about 2010,
    /// and a range reaching far back would queue an empty export per 30 days (1970 means over 1,300).
    /// </summary>
    public DateTimeOffset EarliestDataStart { get; set; } = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Finished run and window instances older than this are purged from the task hub (Functions app; the CLI's engine keeps nothing).</summary>
    [MinimumTimeSpan("Export:InstanceRetention", "01:00:00", ErrorMessage = "Export:InstanceRetention must be at least 01:00:00 (one hour), e.g. 30.00:00:00.")]
    public TimeSpan InstanceRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Shortest allowed <see cref="SettleLag"/>: covers clock skew with Clover and objects still being written.</summary>
    public static readonly TimeSpan MinimumSettleLag = TimeSpan.Parse(MinimumSettleLagText, System.Globalization.CultureInfo.InvariantCulture);

    private const string MinimumSettleLagText = "00:05:00";

    private const int MaxRevisits = 10;

    // Past Clover's own limits on refunds and adjustments; each age costs an export per window.
    private static readonly TimeSpan MaxRevisitAge = TimeSpan.FromDays(400);

    /// <summary>Every run stops at now minus this (aligned down by <see cref="RunEndAlignment"/>), so late-arriving objects are not missed.</summary>
    [MinimumTimeSpan("Export:SettleLag", MinimumSettleLagText, ErrorMessage = "Export:SettleLag must be at least " + MinimumSettleLagText + ": Clover's newest minutes are not settled (clock skew, objects still being written).")]
    public TimeSpan SettleLag { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Run ends are aligned down to a multiple of this since the epoch (UTC); a whole number of them makes a day.</summary>
    [DayDivisor]
    public TimeSpan RunEndAlignment { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Comma-separated ages after a window's end at which incremental runs export it again as a new
    /// snapshot (empty: never). Voids happen within minutes (the first export, a settle lag later,
    /// has them); tips are adjusted until the batch closes, within days; refunds come within weeks.
    /// </summary>
    [RevisitList]
    public string Revisit { get; set; } = "3.00:00:00,14.00:00:00,45.00:00:00";

    /// <summary>How long a superseded snapshot is kept for readers still on it; empty keeps every snapshot.</summary>
    [NotNegative("Export:SnapshotRetention", ErrorMessage = "Export:SnapshotRetention must not be negative (leave it empty to keep every snapshot).")]
    public TimeSpan? SnapshotRetention { get; set; } = TimeSpan.FromDays(7);

    [SettingRange("Export:MaxExportsInFlightPerMerchant", 1, 10)]
    public int MaxExportsInFlightPerMerchant { get; set; } = 1;

    [SettingRange("Export:MaxParallelFileCopies", 1, 64)]
    public int MaxParallelFileCopies { get; set; } = 4;

    [PositiveTimeSpan("Export:PollInitialInterval")]
    public TimeSpan PollInitialInterval { get; set; } = TimeSpan.FromSeconds(15);

    [PositiveTimeSpan("Export:PollMaxInterval")]
    public TimeSpan PollMaxInterval { get; set; } = TimeSpan.FromMinutes(2);

    [PositiveTimeSpan("Export:ExportDeadline")]
    public TimeSpan ExportDeadline { get; set; } = TimeSpan.FromHours(6);

    [SettingRange("Export:MaxExportAttempts", 1, 20)]
    public int MaxExportAttempts { get; set; } = 3;

    [SettingRange("Export:WindowsPerGeneration", 1, 100)]
    public int WindowsPerGeneration { get; set; } = 8;

    [NotNegative("Export:ClosedHoursJitter")]
    public TimeSpan ClosedHoursJitter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First retry delay of a failed file copy (network cut, truncated file); doubles per retry.</summary>
    [PositiveTimeSpan("Export:ActivityRetryInterval")]
    public TimeSpan ActivityRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits included, how long one window may take before it fails with a reason (a stuck export,
    /// a long outage, many closed nights). Two days: a night of closed hours plus a few deadlines.
    /// </summary>
    [PositiveTimeSpan("Export:WindowBudget")]
    public TimeSpan WindowBudget { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Clover exports in flight across all merchants of the app (the app-wide slot scheduler); 0 turns
    /// the scheduler off (only the per-merchant bound applies). Clover's export service "can only handle
    /// a few concurrent exports at a time" per app: 3 is "a few", and the scheduler lowers it by itself
    /// when Clover answers concurrency 503s below it.
    /// </summary>
    [SettingRange("Export:MaxExportsInFlightPerApp", 0, 100, ErrorMessage = "Export:MaxExportsInFlightPerApp must be between 0 (scheduler off) and 100.")]
    public int MaxExportsInFlightPerApp { get; set; } = 3;

    /// <summary>Copied from <c>Clover:ConcurrencyRetryDelay</c> at start-up (not bound from this section: one name per setting).</summary>
    public TimeSpan ConcurrencyRetryDelay { get; internal set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<ExportType> ParsedTypes() => ExportTypes.ParseList(Types);

    /// <summary>The revisit ages, shortest first.</summary>
    /// <exception cref="FormatException">An entry is not a time span.</exception>
    public IReadOnlyList<TimeSpan> RevisitAges() => ParseRevisitAges(Revisit);

    private static IReadOnlyList<TimeSpan> ParseRevisitAges(string revisit) =>
        [.. revisit.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var age)
                ? age
                : throw new FormatException($"'{text}' is not a time span such as 3.00:00:00."))
            .Distinct()
            .Order()];

    public ExportPolicy ToPolicy() => new(
        PollInitialInterval, PollMaxInterval, ExportDeadline, MaxExportAttempts, MaxExportsInFlightPerMerchant,
        MaxParallelFileCopies, WindowsPerGeneration, ClosedHoursJitter, ActivityRetryInterval, ConcurrencyRetryDelay, WindowBudget);

    /// <summary>The cross-field rules; each setting's own rules are its annotations.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PollMaxInterval < PollInitialInterval)
        {
            yield return new ValidationResult("Export:PollMaxInterval must not be shorter than Export:PollInitialInterval.");
        }

        if (BackfillStart < EarliestDataStart)
        {
            yield return new ValidationResult(
                $"Export:BackfillStart ({BackfillStart:yyyy-MM-dd}) must not be before Export:EarliestDataStart ({EarliestDataStart:yyyy-MM-dd}).");
        }

        if (WindowBudget < ExportDeadline)
        {
            yield return new ValidationResult("Export:WindowBudget must not be shorter than Export:ExportDeadline.");
        }
    }

    /// <summary><see cref="RunEndAlignment"/>: a whole number of them makes a day, and each is whole milliseconds.</summary>
    internal sealed class DayDivisorAttribute() : SettingAttribute("Export:RunEndAlignment")
    {
        protected override string? Problem(object? value) =>
            value is TimeSpan alignment && (alignment < TimeSpan.FromMinutes(1) || alignment > TimeSpan.FromDays(1)
                || TimeSpan.FromDays(1).Ticks % alignment.Ticks != 0 || alignment.Ticks % TimeSpan.TicksPerMillisecond != 0)
                ? $"{Setting} must divide a day evenly, from 00:01:00 to 1.00:00:00 (e.g. 01:00:00 or 1.00:00:00)."
                : null;
    }

    /// <summary><see cref="Revisit"/>: a short list of positive ages.</summary>
    internal sealed class RevisitListAttribute() : SettingAttribute("Export:Revisit")
    {
        protected override string? Problem(object? value)
        {
            try
            {
                var ages = ParseRevisitAges(value as string ?? "");
                return ages.Count > MaxRevisits || ages.Any(a => a <= TimeSpan.Zero || a > MaxRevisitAge)
                    ? $"{Setting} must list at most {MaxRevisits} positive ages up to {MaxRevisitAge.TotalDays} days, such as 3.00:00:00,14.00:00:00."
                    : null;
            }
            catch (FormatException ex)
            {
                return $"{Setting}: {ex.Message}";
            }
        }
    }
}

/// <summary>Start-up validation of <see cref="ExportOptions"/> (generated from its annotations).</summary>
[OptionsValidator]
internal sealed partial class ExportOptionsValidator : IValidateOptions<ExportOptions>;

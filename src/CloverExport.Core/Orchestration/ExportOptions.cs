using System.ComponentModel.DataAnnotations;
using CloverExport.Core.Clover;

namespace CloverExport.Core.Orchestration;

/// <summary>How exports are planned, paced and retried. Section <c>Export</c>.</summary>
public sealed class ExportOptions : IValidatableObject
{
    public const string SectionName = "Export";

    /// <summary>Comma-separated: ORDERS, PAYMENTS.</summary>
    public string Types { get; set; } = "ORDERS,PAYMENTS";

    /// <summary>Oldest data an incremental run exports for a merchant that has no backfill start of its own.</summary>
    public DateTimeOffset BackfillStart { get; set; } = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Incremental runs stop at now minus this, so late-arriving objects are not missed.</summary>
    public TimeSpan SettleLag { get; set; } = TimeSpan.FromDays(1);

    public int MaxExportsInFlightPerMerchant { get; set; } = 1;

    public int MaxParallelFileCopies { get; set; } = 4;

    public TimeSpan PollInitialInterval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan PollMaxInterval { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan ExportDeadline { get; set; } = TimeSpan.FromHours(6);

    public int MaxExportAttempts { get; set; } = 3;

    public int WindowsPerGeneration { get; set; } = 8;

    public TimeSpan ClosedHoursJitter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>First retry delay of a failed file copy (network cut, truncated file); doubles per retry.</summary>
    public TimeSpan ActivityRetryInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Waits included, how long one window may take before it fails with a reason (a stuck export,
    /// a long outage, many closed nights). Two days: a night of closed hours plus a few deadlines.
    /// </summary>
    public TimeSpan WindowBudget { get; set; } = TimeSpan.FromDays(2);

    /// <summary>
    /// Clover exports in flight across all merchants of the app (the app-wide slot scheduler); 0 turns
    /// the scheduler off (only the per-merchant bound applies). Clover's export service "can only handle
    /// a few concurrent exports at a time" per app: 3 is "a few", and the scheduler lowers it by itself
    /// when Clover answers concurrency 503s below it.
    /// </summary>
    public int MaxExportsInFlightPerApp { get; set; } = 3;

    /// <summary>Copied from <c>Clover:ConcurrencyRetryDelay</c> at start-up (not bound from this section: one name per setting).</summary>
    public TimeSpan ConcurrencyRetryDelay { get; internal set; } = TimeSpan.FromMinutes(1);

    public IReadOnlyList<ExportType> ParsedTypes() => ExportTypes.ParseList(Types);

    public ExportPolicy ToPolicy() => new(
        PollInitialInterval, PollMaxInterval, ExportDeadline, MaxExportAttempts, MaxExportsInFlightPerMerchant,
        MaxParallelFileCopies, WindowsPerGeneration, ClosedHoursJitter, ActivityRetryInterval, ConcurrencyRetryDelay, WindowBudget);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? typesError = null;
        try
        {
            ParsedTypes();
        }
        catch (FormatException ex)
        {
            typesError = $"Export:Types: {ex.Message}";
        }

        if (typesError is not null)
        {
            yield return new ValidationResult(typesError, [nameof(Types)]);
        }

        foreach (var (name, value) in new[]
        {
            (nameof(PollInitialInterval), PollInitialInterval),
            (nameof(PollMaxInterval), PollMaxInterval),
            (nameof(ExportDeadline), ExportDeadline),
            (nameof(ActivityRetryInterval), ActivityRetryInterval),
            (nameof(WindowBudget), WindowBudget),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"Export:{name} must be a positive time span such as 00:00:30.", [name]);
            }
        }

        if (PollMaxInterval < PollInitialInterval)
        {
            yield return new ValidationResult("Export:PollMaxInterval must not be shorter than Export:PollInitialInterval.", [nameof(PollMaxInterval)]);
        }

        if (SettleLag < TimeSpan.Zero || ClosedHoursJitter < TimeSpan.Zero)
        {
            yield return new ValidationResult("Export:SettleLag and Export:ClosedHoursJitter must not be negative.", [nameof(SettleLag), nameof(ClosedHoursJitter)]);
        }

        if (WindowBudget < ExportDeadline)
        {
            yield return new ValidationResult("Export:WindowBudget must not be shorter than Export:ExportDeadline.", [nameof(WindowBudget)]);
        }

        if (MaxExportsInFlightPerApp is < 0 or > 100)
        {
            yield return new ValidationResult("Export:MaxExportsInFlightPerApp must be between 0 (scheduler off) and 100.", [nameof(MaxExportsInFlightPerApp)]);
        }

        foreach (var (name, value, max) in new[]
        {
            (nameof(MaxExportsInFlightPerMerchant), MaxExportsInFlightPerMerchant, 10),
            (nameof(MaxParallelFileCopies), MaxParallelFileCopies, 64),
            (nameof(MaxExportAttempts), MaxExportAttempts, 20),
            (nameof(WindowsPerGeneration), WindowsPerGeneration, 100),
        })
        {
            if (value < 1 || value > max)
            {
                yield return new ValidationResult($"Export:{name} must be between 1 and {max}.", [name]);
            }
        }
    }
}

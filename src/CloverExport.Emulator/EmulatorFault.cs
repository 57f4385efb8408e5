using System.Text.Json.Serialization;

namespace CloverExport.Emulator;

/// <summary>A scripted failure: hits the next <see cref="Count"/> matching requests or exports.</summary>
public sealed record EmulatorFault
{
    [JsonConverter(typeof(JsonStringEnumConverter<EmulatorFaultKind>))]
    public required EmulatorFaultKind Kind { get; init; }

    /// <summary>Only requests for this merchant; null = any merchant.</summary>
    public string? MerchantId { get; init; }

    public int Count { get; init; } = 1;

    /// <summary>SlowResponse delay.</summary>
    public int? DelayMs { get; init; }

    /// <summary>ClosedHours: closed from now for this long (Count is then ignored). StuckInProgress: stuck for this long after its create (default forever).</summary>
    public int? DurationSeconds { get; init; }

    /// <summary>RateLimit Retry-After (default 1).</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>FileCountChange: files added to (positive) or left out of (negative) the list; default -1.</summary>
    public int? FileDelta { get; init; }

    /// <summary>ConcurrencyLimit / ClosedHours: the 503 body style for this fault (default the ConcurrencyBody / ClosedHoursBody option).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter))]
    public UnavailableBodyStyle? Body { get; init; }
}

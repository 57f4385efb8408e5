namespace CloverExport.Emulator;

/// <summary>Which export hours apply when <see cref="EmulatorOptions.EnforceHours"/> is on.</summary>
public enum HoursMode
{
    /// <summary>Clover's documented region hours: us and eu have hours, sandbox and la are always open.</summary>
    Regions,

    /// <summary>Every merchant (any region) is open for the first OpenSecondsPerMinute seconds of every UTC minute (benchmarks).</summary>
    PerMinute,
}

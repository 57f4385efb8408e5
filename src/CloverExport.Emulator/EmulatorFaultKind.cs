namespace CloverExport.Emulator;

/// <summary>Failures the emulator can inject; see README.md for which requests each one hits.</summary>
public enum EmulatorFaultKind
{
    /// <summary>API or file request answers 500.</summary>
    ServerError,

    /// <summary>Create answers 503 with the concurrency body.</summary>
    ConcurrencyLimit,

    /// <summary>Create answers 503 with the closed-hours body (for DurationSeconds from now, or Count creates).</summary>
    ClosedHours,

    /// <summary>API request answers 429 with Retry-After = RetryAfterSeconds.</summary>
    RateLimit,

    /// <summary>API or file request waits DelayMs before being handled.</summary>
    SlowResponse,

    /// <summary>Created export ends with status FAILED.</summary>
    ExportFailed,

    /// <summary>Created export stays IN_PROGRESS forever (and keeps counting toward concurrency).</summary>
    StuckInProgress,

    /// <summary>File download sends part of the file, then aborts the connection.</summary>
    CutFile,

    /// <summary>File download ends cleanly with the JSON cut off in the middle.</summary>
    TruncateFile,

    /// <summary>File download is invalid JSON.</summary>
    MalformedFile,

    /// <summary>Created export's files expire when it is done (availableUntil = done time).</summary>
    ExpireFiles,

    /// <summary>API request answers 401.</summary>
    Unauthorized,

    /// <summary>Status read of a DONE export lists FileDelta more (or fewer) files than the export has.</summary>
    FileCountChange,
}

namespace CloverExport.Emulator;

/// <summary>
/// Shapes of a 503 body. Clover documents none of them, so the emulator can play each plausible one;
/// see README.md for the exact bytes of every style.
/// </summary>
public enum UnavailableBodyStyle
{
    /// <summary>Concurrency: <c>{"message":"Too many concurrent exports; try again later"}</c>; closed hours: message, availableHours and nextAvailableTime (ms).</summary>
    Structured,

    /// <summary>No body at all.</summary>
    Empty,

    /// <summary>A proxy's HTML page "503 Service Temporarily Unavailable".</summary>
    Html,

    /// <summary>text/plain "Service Unavailable".</summary>
    PlainText,

    /// <summary><c>{"message":"Service Unavailable: ..."}</c>.</summary>
    MessageJson,

    /// <summary><c>{"error":{"code":"SERVICE_UNAVAILABLE","message":"..."}}</c>.</summary>
    NestedError,

    /// <summary>text/plain "Export service unavailable: too many concurrent exports" (or "...: outside export hours").</summary>
    UnavailableText,

    /// <summary>Closed hours only: <c>{"message":"The export service is available 10:00-15:00 UTC"}</c>, the hours as text only.</summary>
    TextHours,

    /// <summary>Closed hours only: like Structured but nextAvailableTime is an ISO-8601 string.</summary>
    IsoNextAvailable,

    /// <summary>Closed hours only: <c>{"message":"The export service is temporarily unavailable"}</c>, no hours at all.</summary>
    NoHours,
}

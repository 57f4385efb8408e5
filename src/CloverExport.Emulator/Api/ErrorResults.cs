namespace CloverExport.Emulator.Api;

/// <summary>The error answers Clover (as emulated) gives, with their JSON bodies.</summary>
internal static class ErrorResults
{
    public static IResult Message(int status, string message) =>
        Results.Json(new MessageBody(message), EmulatorJson.Options, statusCode: status);

    public static IResult BadRequest(string message) => Message(StatusCodes.Status400BadRequest, message);

    public static IResult NotFound(string what) => Message(StatusCodes.Status404NotFound, what + " not found");

    public static IResult Unauthorized() => Message(StatusCodes.Status401Unauthorized, "Unauthorized");

    public static IResult ServerError() => Message(StatusCodes.Status500InternalServerError, "Internal Server Error");

    /// <summary>Styles that only make sense for closed hours (they describe hours).</summary>
    public static bool IsClosedHoursOnly(UnavailableBodyStyle style) =>
        style is UnavailableBodyStyle.TextHours or UnavailableBodyStyle.IsoNextAvailable or UnavailableBodyStyle.NoHours;

    public static IResult Concurrency(UnavailableBodyStyle style) => style switch
    {
        UnavailableBodyStyle.Structured => Message(StatusCodes.Status503ServiceUnavailable, "Too many concurrent exports; try again later"),
        UnavailableBodyStyle.UnavailableText => Unavailable("Export service unavailable: too many concurrent exports"),
        _ => Generic(style, "too many concurrent exports"),
    };

    /// <param name="hours">The hours as text, e.g. "10:00-15:00 UTC".</param>
    public static IResult ClosedHours(UnavailableBodyStyle style, string hours, DateTimeOffset nextAvailable) => style switch
    {
        UnavailableBodyStyle.Structured => Unavailable(new ClosedHoursBody($"The export service is available {hours}", hours, nextAvailable.ToUnixTimeMilliseconds())),
        UnavailableBodyStyle.IsoNextAvailable => Unavailable(new IsoClosedHoursBody(
            $"The export service is available {hours}",
            hours,
            nextAvailable.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))),
        UnavailableBodyStyle.TextHours => Message(StatusCodes.Status503ServiceUnavailable, $"The export service is available {hours}"),
        UnavailableBodyStyle.NoHours => Message(StatusCodes.Status503ServiceUnavailable, "The export service is temporarily unavailable"),
        UnavailableBodyStyle.UnavailableText => Unavailable("Export service unavailable: outside export hours"),
        _ => Generic(style, "outside export hours"),
    };

    /// <summary>The shapes shared by both kinds of 503, which say nothing machine-readable about why.</summary>
    private static IResult Generic(UnavailableBodyStyle style, string detail) => style switch
    {
        UnavailableBodyStyle.Empty => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
        UnavailableBodyStyle.Html => Results.Text(
            "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n</body>\r\n</html>\r\n",
            "text/html",
            statusCode: StatusCodes.Status503ServiceUnavailable),
        UnavailableBodyStyle.PlainText => Unavailable("Service Unavailable"),
        UnavailableBodyStyle.MessageJson => Message(StatusCodes.Status503ServiceUnavailable, "Service Unavailable: " + detail),
        UnavailableBodyStyle.NestedError => Unavailable(new NestedErrorBody(new ErrorDetail("SERVICE_UNAVAILABLE", "Service Unavailable: " + detail))),
        _ => throw new ArgumentOutOfRangeException(nameof(style), style, "Not a body style for this 503."),
    };

    private static IResult Unavailable(string text) =>
        Results.Text(text, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);

    private static IResult Unavailable<T>(T body) =>
        Results.Json(body, EmulatorJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>429 with Retry-After and X-RateLimit-* headers.</summary>
    public static IResult TooManyRequests(HttpResponse response, int retryAfterSeconds, int limit)
    {
        response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["X-RateLimit-Remaining"] = "0";
        response.Headers["X-RateLimit-Reset"] = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Message(StatusCodes.Status429TooManyRequests, "Too many requests");
    }

    private sealed record MessageBody(string Message);

    private sealed record ClosedHoursBody(string Message, string AvailableHours, long NextAvailableTime);

    private sealed record IsoClosedHoursBody(string Message, string AvailableHours, string NextAvailableTime);

    private sealed record NestedErrorBody(ErrorDetail Error);

    private sealed record ErrorDetail(string Code, string Message);
}

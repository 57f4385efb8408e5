using CloverExport.Emulator.State;

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

    public static IResult Concurrency() =>
        Message(StatusCodes.Status503ServiceUnavailable, "Too many concurrent exports; try again later");

    public static IResult ClosedHours(string region, DateTimeOffset nextAvailable)
    {
        var hours = AvailabilityHours.Describe(region);
        return Results.Json(
            new ClosedHoursBody($"The export service is available {hours}", hours, nextAvailable.ToUnixTimeMilliseconds()),
            EmulatorJson.Options,
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

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
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CloverExport.Core.Clover.Wire;

namespace CloverExport.Core.Clover;

/// <summary>Turns a non-success answer of the API into the client's exception types.</summary>
internal static partial class CloverErrorMapper
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxMessageLength = 300;

    /// <param name="operation">"create" or "get": a 403 on create means the app lacks the export permission.</param>
    /// <param name="secret">The token used, scrubbed from anything Clover echoed back.</param>
    public static async Task<CloverException> ToExceptionAsync(
        HttpResponseMessage response,
        CloverOperation operation,
        string merchantId,
        string region,
        string secret,
        CloverClientOptions options,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var error = await ReadErrorAsync(response, cancellationToken);
        var said = Scrub(error.Message, secret) is { Length: > 0 } text ? $" Clover said: {text}" : "";
        var status = response.StatusCode;
        var code = (int)status;
        switch (status)
        {
            case HttpStatusCode.TooManyRequests:
                var retryAt = now + RetryAfter.Get(response, now);
                return new CloverUnavailableException(
                    CloverUnavailableReason.RateLimited, retryAt, $"Clover rate-limited merchant {merchantId} until {retryAt:u}.{said}");
            case HttpStatusCode.ServiceUnavailable when IsClosedHours(error, region, now):
                var opening = NextOpening(error, region, now);
                return new CloverUnavailableException(
                    CloverUnavailableReason.ClosedHours,
                    opening,
                    $"Clover's export service ({region}) is outside its hours for merchant {merchantId}; next opening {opening:u}.{said}");
            case HttpStatusCode.ServiceUnavailable:
                var later = now + options.ConcurrencyRetryDelay;
                return new CloverUnavailableException(
                    CloverUnavailableReason.ConcurrencyLimit,
                    later,
                    $"Clover is running too many exports for merchant {merchantId}; retry after {later:u}.{said}");
            case HttpStatusCode.Unauthorized:
                return new CloverAuthorizationException(
                    status, $"Clover rejected the access token of merchant {merchantId} (HTTP 401): it is wrong, expired or revoked.{said}");
            case HttpStatusCode.Forbidden when operation == CloverOperation.Create:
                return new CloverAuthorizationException(
                    status,
                    $"Clover refused to create an export for merchant {merchantId} (HTTP 403): the app lacks the Export API permission " +
                    $"(Clover grants it per app) or the token does not cover this merchant.{said}");
            case HttpStatusCode.Forbidden:
                return new CloverAuthorizationException(status, $"Clover refused to {operation.Describe()} for merchant {merchantId} (HTTP 403).{said}");
            default:
                return new CloverApiException(status, $"Clover answered HTTP {code} to {operation.Describe()} for merchant {merchantId}.{said}");
        }
    }

    /// <summary>
    /// Clover's 503 has two meanings and no documented body. A body about hours/availability means
    /// closed; one about concurrency means busy; otherwise the region's hours table decides.
    /// </summary>
    private static bool IsClosedHours(ErrorDto error, string region, DateTimeOffset now)
    {
        var message = error.Message ?? "";
        if (error.AvailableHours is not null || error.NextAvailableTime is not null
            || message.Contains("hour", StringComparison.OrdinalIgnoreCase)
            || message.Contains("available", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return !message.Contains("concurren", StringComparison.OrdinalIgnoreCase) && !CloverRegions.IsOpen(region, now);
    }

    /// <summary>The body's nextAvailableTime, else hours quoted in the body, else the region table, else an hour from now.</summary>
    private static DateTimeOffset NextOpening(ErrorDto error, string region, DateTimeOffset now)
    {
        DateTimeOffset?[] candidates =
        [
            ParseInstant(error.NextAvailableTime),
            ParseDailyHours(error.AvailableHours)?.NextOpening(now),
            ParseDailyHours(error.Message)?.NextOpening(now),
            CloverRegions.NextOpening(region, now),
        ];
        return candidates.FirstOrDefault(c => c > now) ?? now + CloverRegions.UnknownHoursRetryDelay;
    }

    private static DateTimeOffset? ParseInstant(JsonElement? element)
    {
        switch (element)
        {
            case { ValueKind: JsonValueKind.Number } number when number.TryGetInt64(out var ms):
                return FromMilliseconds(ms);
            case { ValueKind: JsonValueKind.String } text:
                var value = text.GetString();
                if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var textMs))
                {
                    return FromMilliseconds(textMs);
                }

                return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso)
                    ? iso.ToUniversalTime()
                    : null;
            default:
                return null;
        }
    }

    private static DateTimeOffset? FromMilliseconds(long ms) =>
        ms is > 0 and < 253_402_300_799_999 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>"10:00-15:00 UTC" (or with an en dash) as a daily span.</summary>
    private static ExportHours? ParseDailyHours(string? text)
    {
        if (text is null || HoursPattern().Match(text) is not { Success: true } match)
        {
            return null;
        }

        static int Part(Match m, string name) => int.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture);
        var (openHour, openMinute, closeHour, closeMinute) = (Part(match, "oh"), Part(match, "om"), Part(match, "ch"), Part(match, "cm"));
        if (openHour > 23 || closeHour > 23 || openMinute > 59 || closeMinute > 59)
        {
            return null;
        }

        var (open, close) = (new TimeOnly(openHour, openMinute), new TimeOnly(closeHour, closeMinute));
        return open < close ? ExportHours.Daily(open, close) : null;
    }

    private static async Task<ErrorDto> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadLimitedAsync(response.Content, cancellationToken);
        if (body.Length == 0)
        {
            return new ErrorDto(null, null, null);
        }

        try
        {
            if (JsonSerializer.Deserialize(body, CloverJsonContext.Default.ErrorDto) is { } dto)
            {
                return dto;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, plain text): keep the text itself.
        }

        return new ErrorDto(Encoding.UTF8.GetString(body), null, null);
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }

    /// <summary>One short line, without the token should Clover ever echo it.</summary>
    private static string Scrub(string? message, string secret)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return "";
        }

        var text = WhitespacePattern().Replace(message, " ").Trim();
        if (secret.Length > 0)
        {
            text = text.Replace(secret, "[redacted]", StringComparison.Ordinal);
        }

        return text.Length <= MaxMessageLength ? text : text[..MaxMessageLength] + "…";
    }

    [GeneratedRegex(@"(?<oh>\d{1,2}):(?<om>\d{2})\s*[-–]\s*(?<ch>\d{1,2}):(?<cm>\d{2})")]
    private static partial Regex HoursPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespacePattern();
}

/// <summary>The API calls the client makes, for error classification and messages.</summary>
internal enum CloverOperation
{
    Create,
    Get,
}

internal static class CloverOperations
{
    public static string Describe(this CloverOperation operation) => operation switch
    {
        CloverOperation.Create => "create an export",
        _ => "read an export",
    };
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using CloverExport.Core.Clover.Wire;

namespace CloverExport.Core.Clover;

/// <summary>Turns a non-success (or unreadable) answer of the API into the client's exception types.</summary>
internal static partial class CloverErrorMapper
{
    private const int MaxBodyBytes = 16 * 1024;
    private const int MaxMessageLength = 300;

    // No region closes for longer than a weekend; a later "next available" is not believed.
    private static readonly TimeSpan MaxAnnouncedClosure = TimeSpan.FromDays(7);

    /// <summary>A successful answer's JSON body (null for a JSON <c>null</c>).</summary>
    /// <param name="unreadable">The message when the body is not JSON of that shape; nothing from the body goes into it.</param>
    /// <exception cref="CloverApiException">The body is not JSON of that shape.</exception>
    public static async Task<T?> ReadBodyAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, string unreadable, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(await response.Content.ReadAsStreamAsync(cancellationToken), type, cancellationToken);
        }
        catch (JsonException e)
        {
            throw new CloverApiException(response.StatusCode, unreadable, e);
        }
    }

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
            case HttpStatusCode.ServiceUnavailable when ClosedUntil(error, region, now) is { } opening:
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
    /// Clover's 503 has two meanings (closed hours, too many exports) and no documented body, so words
    /// in it decide nothing ("Service Unavailable" says neither). Facts do: the region's hours table
    /// first; then a body whose next-available time, or whose parseable hours, say closed now. The
    /// opening is the body's time, else its hours, else the table's. Anything else is a concurrency
    /// wait, so an open region, sandbox or la never waits for an opening that is not coming.
    /// </summary>
    /// <returns>The next opening when closed now; null for a concurrency 503.</returns>
    private static DateTimeOffset? ClosedUntil(ErrorDto error, string region, DateTimeOffset now)
    {
        var table = CloverRegions.GetExportHours(region)?.NextOpening(now);
        DateTimeOffset?[] fromBody =
        [
            ParseInstant(error.NextAvailableTime),
            ParseDailyHours(error.AvailableHours)?.NextOpening(now),
            ParseDailyHours(error.Message)?.NextOpening(now),
        ];
        var said = fromBody.FirstOrDefault(t => t > now && t <= now + MaxAnnouncedClosure);
        return table > now ? said ?? table : said;
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

    // Epoch milliseconds; a value too small to be a recent instant in ms is taken as epoch seconds.
    private static DateTimeOffset? FromMilliseconds(long value) => value switch
    {
        > 0 and < 100_000_000_000 => DateTimeOffset.FromUnixTimeSeconds(value),
        >= 100_000_000_000 and < 253_402_300_799_999 => DateTimeOffset.FromUnixTimeMilliseconds(value),
        _ => null,
    };

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

    /// <summary>
    /// The body's message, hours and next-available time, at the top level or inside an <c>error</c>
    /// object (<c>{"error":{"message":…}}</c>); <c>{"error":"…"}</c> is a message. A body that is not
    /// a JSON object (a proxy's HTML page, plain text) is kept as text.
    /// </summary>
    private static async Task<ErrorDto> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await ReadLimitedAsync(response.Content, cancellationToken);
        if (body.Length == 0)
        {
            return new ErrorDto(null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement is { ValueKind: JsonValueKind.Object } root)
            {
                var nested = Property(root, "error") is { ValueKind: JsonValueKind.Object } inner ? inner : (JsonElement?)null;
                string? Text(string name) =>
                    (nested is { } n ? Property(n, name) : null) is { ValueKind: JsonValueKind.String } a ? a.GetString()
                    : Property(root, name) is { ValueKind: JsonValueKind.String } b ? b.GetString()
                    : null;
                var next = (nested is { } n ? Property(n, "nextAvailableTime") : null) ?? Property(root, "nextAvailableTime");
                return new ErrorDto(Text("message") ?? Text("error"), Text("availableHours"), next?.Clone());
            }
        }
        catch (JsonException)
        {
            // Not JSON: keep the text itself.
        }

        return new ErrorDto(Encoding.UTF8.GetString(body), null, null);
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
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

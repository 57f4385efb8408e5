using System.Net;

namespace CloverExport.Core.Clover;

/// <summary>Base type of every error the Clover client raises. Messages never contain a token or a file URL.</summary>
public class CloverException : Exception
{
    public CloverException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

/// <summary>Why Clover asked us to come back later.</summary>
public enum CloverUnavailableReason
{
    /// <summary>503 outside the region's export hours.</summary>
    ClosedHours,

    /// <summary>503 because too many exports are running.</summary>
    ConcurrencyLimit,

    /// <summary>429 with a Retry-After longer than the client waits in-process.</summary>
    RateLimited,
}

/// <summary>Clover cannot take the request now; it is a wait, not a failure.</summary>
public sealed class CloverUnavailableException(CloverUnavailableReason reason, DateTimeOffset retryAt, string message)
    : CloverException(message)
{
    public CloverUnavailableReason Reason { get; } = reason;

    /// <summary>The earliest time worth trying again (UTC).</summary>
    public DateTimeOffset RetryAt { get; } = retryAt;
}

/// <summary>Clover answered with an error status that retries did not cure.</summary>
public class CloverApiException(HttpStatusCode statusCode, string message, Exception? innerException = null)
    : CloverException(message, innerException)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}

/// <summary>401 or 403 from the API: the merchant's token is wrong, expired or lacks the export permission.</summary>
public sealed class CloverAuthorizationException(HttpStatusCode statusCode, string message)
    : CloverApiException(statusCode, message);

/// <summary>An export file is no longer available (403/404 on the file URL).</summary>
public sealed class ExportFileExpiredException(string message) : CloverException(message);

/// <summary>A file URL from Clover was refused because fetching it could reach an internal endpoint or travel unencrypted.</summary>
public sealed class UnsafeFileUrlException(string message) : CloverException(message);

/// <summary>Clover could not be reached, or did not answer in time, even after retries.</summary>
public sealed class CloverTransportException(string message, Exception? innerException = null)
    : CloverException(message, innerException);

/// <summary>
/// The file list read for copying does not match the export: another file count than its status
/// reported, or two links naming the same file. The window fails rather than store a guess.
/// </summary>
public sealed class ExportFileListMismatchException(string message) : CloverException(message);

internal static class Exceptions
{
    /// <summary>The first inner exception of type <typeparamref name="T"/> (HttpClient wraps handler errors).</summary>
    public static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}

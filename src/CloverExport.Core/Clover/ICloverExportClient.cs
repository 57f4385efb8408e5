namespace CloverExport.Core.Clover;

/// <summary>
/// Typed access to Clover's Export API. Credentials and base URLs are resolved per merchant id,
/// so callers (and orchestration history) never handle a token.
/// </summary>
public interface ICloverExportClient
{
    /// <summary>Creates an export of <paramref name="type"/> objects created between <paramref name="start"/> and <paramref name="endInclusive"/>.</summary>
    /// <exception cref="ArgumentException">Bad merchant id, start not before end, or a range over 30 days.</exception>
    /// <exception cref="CloverUnavailableException">Closed hours, concurrency limit or a long rate-limit wait: wait until <see cref="CloverUnavailableException.RetryAt"/>.</exception>
    /// <exception cref="CloverApiException">Any other answer Clover gave after retries.</exception>
    Task<CloverExportJob> CreateExportAsync(string merchantId, ExportType type, DateTimeOffset start, DateTimeOffset endInclusive, CancellationToken cancellationToken = default);

    /// <summary>Reads the current state of an export.</summary>
    Task<CloverExportJob> GetExportAsync(string merchantId, string exportId, CancellationToken cancellationToken = default);

    /// <summary>Opens one export file for streaming. Never sends the merchant's token; refuses unsafe URLs.</summary>
    /// <exception cref="UnsafeFileUrlException">The URL is not https or points at a loopback, link-local or private address.</exception>
    /// <exception cref="ExportFileExpiredException">Clover answered 403/404: the file is gone (past <c>availableUntil</c>).</exception>
    Task<CloverExportFile> OpenFileAsync(Uri fileUrl, CancellationToken cancellationToken = default);
}

using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CloverExport.Core.Clover.Wire;
using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Clover;

/// <summary>
/// <see cref="ICloverExportClient"/> over HTTP. The merchant and its token are looked up on every call;
/// the token goes only into the Authorization header of API requests. Files are fetched by a separate
/// client that has no token and refuses internal addresses (<see cref="FileUrlPolicy"/>).
/// Retries, rate limits and timeouts live in the HttpClients' pipelines (<see cref="CloverResilience"/>).
/// </summary>
public sealed partial class CloverExportClient(
    IHttpClientFactory httpClientFactory,
    IMerchantDirectory merchantDirectory,
    ICloverAccessTokenProvider tokenProvider,
    IOptionsMonitor<CloverClientOptions> options,
    TimeProvider timeProvider,
    ILogger<CloverExportClient> logger) : ICloverExportClient
{
    /// <summary>Clover's longest export range, checked as <c>endInclusive - start</c>.</summary>
    public static readonly TimeSpan MaxExportRange = TimeSpan.FromDays(30);

    private const int MaxRedirects = 3;
    private const int MaxExportIdLength = 64;
    private static readonly MediaTypeWithQualityHeaderValue Json = new("application/json");

    public async Task<CloverExportJob> CreateExportAsync(
        string merchantId, ExportType type, DateTimeOffset start, DateTimeOffset endInclusive, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId, nameof(merchantId));
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown export type.");
        }

        var (startMs, endMs) = (start.ToUnixTimeMilliseconds(), endInclusive.ToUnixTimeMilliseconds());
        if (startMs >= endMs)
        {
            throw new ArgumentException($"'{nameof(start)}' must be before '{nameof(endInclusive)}' (in whole milliseconds).", nameof(start));
        }

        if (endMs - startMs > (long)MaxExportRange.TotalMilliseconds)
        {
            throw new ArgumentException(
                $"Clover exports at most {MaxExportRange.TotalDays} days: '{nameof(endInclusive)}' - '{nameof(start)}' is longer.", nameof(endInclusive));
        }

        var merchant = await FindMerchantAsync(merchantId, cancellationToken);
        var body = JsonSerializer.Serialize(new ExportRequestDto(type.ToWireName(), startMs, endMs), CloverJsonContext.Default.ExportRequestDto);
        var url = ExportsUrl(merchant, null);
        var job = await SendAsync(
            merchant,
            () => new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            CloverOperation.Create,
            type,
            cancellationToken);
        LogCreated(merchantId, job.Id, type, start, endInclusive);
        return job;
    }

    public async Task<CloverExportJob> GetExportAsync(string merchantId, string exportId, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId, nameof(merchantId));
        if (!IsSafeExportId(exportId))
        {
            throw new ArgumentException(
                $"'{nameof(exportId)}' must be 1-{MaxExportIdLength} letters, digits, '-' or '_'.", nameof(exportId));
        }

        var merchant = await FindMerchantAsync(merchantId, cancellationToken);
        var url = ExportsUrl(merchant, exportId);
        var job = await SendAsync(merchant, () => new HttpRequestMessage(HttpMethod.Get, url), CloverOperation.Get, null, cancellationToken);
        LogStatus(merchantId, job.Id, job.RawStatus, job.PercentComplete);
        return job;
    }

    public async Task<CloverExportFile> OpenFileAsync(Uri fileUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileUrl);
        var allowList = FileHostAllowList.Parse(options.CurrentValue.AllowedFileHosts);
        var http = httpClientFactory.CreateClient(CloverHttpClients.Files);
        var url = fileUrl;
        for (var hop = 0; ; hop++)
        {
            HttpResponseMessage response;
            try
            {
                FileUrlPolicy.EnsureSafe(url, allowList);
                response = await SendFileRequestAsync(http, url, cancellationToken);
                ExportTelemetry.CloverAnswered("File", (int)response.StatusCode);
            }
            catch (UnsafeFileUrlException e)
            {
                // An answer from Clover pointing at an internal or unencrypted endpoint deserves an operator's attention.
                LogUnsafeFileUrl(e.Message);
                throw;
            }

            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                response.Dispose();
                if (hop >= MaxRedirects)
                {
                    throw new CloverApiException(response.StatusCode, $"Export file {FileUrlPolicy.Describe(fileUrl)} redirected more than {MaxRedirects} times.");
                }

                // Followed by hand so every hop passes the same checks as the first URL.
                url = new Uri(url, location);
                continue;
            }

            if (response.IsSuccessStatusCode)
            {
                LogFileOpened(FileUrlPolicy.Describe(url), response.Content.Headers.ContentLength);
                var content = await response.Content.ReadAsStreamAsync(cancellationToken);
                var guarded = new ReadTimeoutStream(content, options.CurrentValue.FileReadTimeout, timeProvider, FileUrlPolicy.Describe(url));
                return new CloverExportFile(guarded, response.Content.Headers.ContentLength, response);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                throw response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Gone
                    ? new ExportFileExpiredException($"Export file {FileUrlPolicy.Describe(url)} is no longer available (HTTP {status}).")
                    : new CloverApiException(response.StatusCode, $"Export file {FileUrlPolicy.Describe(url)} answered HTTP {status}.");
            }
        }
    }

    internal static bool IsSafeExportId([NotNullWhen(true)] string? exportId) =>
        exportId is { Length: > 0 and <= MaxExportIdLength } && exportId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static async Task<HttpResponseMessage> SendFileRequestAsync(HttpClient http, Uri url, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (Exceptions.FindInner<UnsafeFileUrlException>(e) is { } unsafeUrl)
        {
            throw new UnsafeFileUrlException(unsafeUrl.Message);
        }
        catch (HttpRequestException e)
        {
            throw new CloverTransportException($"Could not download export file {FileUrlPolicy.Describe(url)} ({e.HttpRequestError}).", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new CloverTransportException($"Export file {FileUrlPolicy.Describe(url)} did not answer in time.", e);
        }
    }

    private async Task<MerchantInfo> FindMerchantAsync(string merchantId, CancellationToken cancellationToken) =>
        await merchantDirectory.FindAsync(merchantId, cancellationToken)
        ?? throw new MerchantNotFoundException(merchantId, $"Merchant {merchantId} is not configured.");

    /// <summary>merchant.BaseUrl ?? Clover:BaseUrl ?? the region's URL, then <c>v3/merchants/{mId}/exports/[{id}]</c>.</summary>
    private Uri ExportsUrl(MerchantInfo merchant, string? exportId)
    {
        var root = CloverApiBase.For(merchant, options.CurrentValue);
        // Clover's examples create with a trailing slash; ids are validated, so they are safe path segments.
        return new Uri(root, $"v3/merchants/{merchant.Id}/exports/{exportId}");
    }

    /// <summary>
    /// Sends with the merchant's current token. After a 401 the token provider may renew the token (an
    /// expired OAuth token): the request is then sent once more with the new one (a 401 created nothing).
    /// </summary>
    private async Task<CloverExportJob> SendAsync(
        MerchantInfo merchant, Func<HttpRequestMessage> createRequest, CloverOperation operation, ExportType? requestedType, CancellationToken cancellationToken)
    {
        var token = await tokenProvider.GetAccessTokenAsync(merchant.Id, cancellationToken);
        var response = await SendOnceAsync(merchant, createRequest, token, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && await RenewAsync(merchant.Id, token, response, cancellationToken))
        {
            response.Dispose();
            LogRenewedAfterRejection(merchant.Id, operation);
            token = await tokenProvider.GetAccessTokenAsync(merchant.Id, cancellationToken);
            response = await SendOnceAsync(merchant, createRequest, token, operation, cancellationToken);
        }

        return await ReadJobAsync(merchant, response, token, operation, requestedType, cancellationToken);
    }

    /// <summary>Whether the provider has a newer token; the 401 response is disposed when renewing throws (needs re-auth).</summary>
    private async Task<bool> RenewAsync(string merchantId, string rejectedToken, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await tokenProvider.RenewAfterRejectionAsync(merchantId, rejectedToken, cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(
        MerchantInfo merchant, Func<HttpRequestMessage> createRequest, string token, CloverOperation operation, CancellationToken cancellationToken)
    {
        using var request = createRequest();
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(Json);
        request.Options.Set(CloverRequestOptions.MerchantId, merchant.Id);
        var http = httpClientFactory.CreateClient(CloverHttpClients.Api);
        try
        {
            var response = await http.SendAsync(request, cancellationToken);
            ExportTelemetry.CloverAnswered(operation.ToString(), (int)response.StatusCode);
            return response;
        }
        catch (TimeoutRejectedException e)
        {
            throw new CloverTransportException($"Clover did not answer in time to {operation.Describe()} for merchant {merchant.Id}.", e);
        }
        catch (HttpRequestException e)
        {
            throw new CloverTransportException(
                $"Could not reach Clover to {operation.Describe()} for merchant {merchant.Id} ({e.HttpRequestError}).", e);
        }
    }

    private async Task<CloverExportJob> ReadJobAsync(
        MerchantInfo merchant, HttpResponseMessage response, string token, CloverOperation operation, ExportType? requestedType, CancellationToken cancellationToken)
    {
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var error = await CloverErrorMapper.ToExceptionAsync(
                    response, operation, merchant.Id, merchant.Region, token, options.CurrentValue, timeProvider.GetUtcNow(), cancellationToken);
                LogFailed(merchant.Id, operation, (int)response.StatusCode, error.GetType().Name);
                throw error;
            }

            var dto = await CloverErrorMapper.ReadBodyAsync(
                response, CloverJsonContext.Default.ExportDto, $"Clover's answer to {operation.Describe()} for merchant {merchant.Id} is not an export object.", cancellationToken);
            return ToJob(dto, merchant.Id, requestedType, response.StatusCode);
        }
    }

    private static CloverExportJob ToJob(ExportDto? dto, string merchantId, ExportType? requestedType, HttpStatusCode status)
    {
        if (dto is null || !IsSafeExportId(dto.Id))
        {
            throw new CloverApiException(status, $"Clover's export answer for merchant {merchantId} has no valid export id.");
        }

        var rawStatus = dto.Status ?? "";
        var parsedStatus = rawStatus.ToUpperInvariant() switch
        {
            "PENDING" => CloverExportStatus.Pending,
            "IN_PROGRESS" => CloverExportStatus.InProgress,
            "DONE" => CloverExportStatus.Done,
            _ => CloverExportStatus.Failed,
        };

        ExportType type;
        if (!ExportTypes.TryParse(dto.Type, out type))
        {
            type = requestedType ?? throw new CloverApiException(
                status, $"Clover's export {dto.Id} for merchant {merchantId} has an unknown type '{dto.Type}'.");
        }

        var fileUrls = new List<Uri>();
        foreach (var element in dto.ExportUrls?.Elements ?? [])
        {
            if (!Uri.TryCreate(element.Url, UriKind.Absolute, out var url))
            {
                throw new CloverApiException(status, $"Clover's export {dto.Id} for merchant {merchantId} lists a file URL that is not absolute.");
            }

            fileUrls.Add(url);
        }

        return new CloverExportJob(
            dto.Id,
            merchantId,
            type,
            parsedStatus,
            rawStatus,
            Math.Clamp(dto.PercentComplete ?? 0, 0, 100),
            DateTimeOffset.FromUnixTimeMilliseconds(dto.StartTime ?? 0),
            DateTimeOffset.FromUnixTimeMilliseconds(dto.EndTime ?? 0),
            dto.AvailableUntil is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null,
            fileUrls);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Clover {Type} export {ExportId} for merchant {MerchantId} ({Start:o} .. {End:o})")]
    private partial void LogCreated(string merchantId, string exportId, ExportType type, DateTimeOffset start, DateTimeOffset end);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Clover export {ExportId} of merchant {MerchantId} is {Status} ({Percent}%)")]
    private partial void LogStatus(string merchantId, string exportId, string status, int percent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clover {Operation} for merchant {MerchantId} failed with HTTP {Status} ({Error})")]
    private partial void LogFailed(string merchantId, CloverOperation operation, int status, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clover refused an expired token of merchant {MerchantId}; {Operation} again with a renewed one")]
    private partial void LogRenewedAfterRejection(string merchantId, CloverOperation operation);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Opened export file {File} ({Length} bytes)")]
    private partial void LogFileOpened(string file, long? length);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export file download refused: {Reason}")]
    private partial void LogUnsafeFileUrl(string reason);
}

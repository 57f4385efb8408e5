using System.Net;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Planning;
using Microsoft.Extensions.Logging;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Orchestration;

/// <summary>How a call to Clover went, in a form an orchestrator can act on without exceptions.</summary>
public enum CloverCallOutcome
{
    /// <summary>The call worked; see the export fields.</summary>
    Ok,

    /// <summary>Clover asked us to come back at <see cref="CloverCallResult.RetryAt"/> (closed hours, concurrency, rate limit).</summary>
    Wait,

    /// <summary>Permanent for this window: bad credentials, no permission, a request Clover refuses.</summary>
    Rejected,

    /// <summary>A failure worth another export attempt: Clover reported the export FAILED, or does not know it.</summary>
    Failed,

    /// <summary>Clover could not be reached or answered server errors that outlasted the client's retries: worth a durable wait, the export may be healthy.</summary>
    Unreachable,

    /// <summary>The merchant is no longer configured (removed while its run was in flight): the run stops.</summary>
    MerchantGone,
}

/// <summary>The orchestration-safe view of an export: no file URLs, no token.</summary>
public sealed record CloverCallResult(
    CloverCallOutcome Outcome,
    string? ExportId = null,
    string? Status = null,
    int PercentComplete = 0,
    int FileCount = 0,
    DateTimeOffset? AvailableUntil = null,
    DateTimeOffset? RetryAt = null,
    string? Reason = null);

public sealed record CreateExportRequest(string MerchantId, ExportWindow Window);

public sealed record ExportStatusRequest(string MerchantId, string ExportId);

/// <summary>Creates a Clover export for one window.</summary>
public sealed partial class CreateExportActivity(ICloverExportClient clover, ILogger<CreateExportActivity> logger)
    : PipelineActivity<CreateExportRequest, CloverCallResult>
{
    public override Task<CloverCallResult> ExecuteAsync(CreateExportRequest request, CancellationToken cancellationToken) =>
        CloverCalls.RunAsync(logger, request.MerchantId, async () =>
        {
            using var span = ExportTelemetry.StartWindowSpan("CreateExport", request.MerchantId, request.Window);
            var job = await clover.CreateExportAsync(request.MerchantId, request.Window.Type, request.Window.Start, request.Window.End, cancellationToken);
            return CloverCalls.ToResult(job);
        });
}

/// <summary>Reads an export's status.</summary>
public sealed partial class GetExportStatusActivity(ICloverExportClient clover, ILogger<GetExportStatusActivity> logger)
    : PipelineActivity<ExportStatusRequest, CloverCallResult>
{
    public override Task<CloverCallResult> ExecuteAsync(ExportStatusRequest request, CancellationToken cancellationToken) =>
        CloverCalls.RunAsync(logger, request.MerchantId, async () =>
        {
            using var span = ExportTelemetry.StartMerchantSpan("GetExportStatus", request.MerchantId, request.ExportId);
            return CloverCalls.ToResult(await clover.GetExportAsync(request.MerchantId, request.ExportId, cancellationToken));
        });
}

/// <summary>Turns the Clover client's typed errors into outcomes an orchestrator can branch on.</summary>
internal static partial class CloverCalls
{
    public static CloverCallResult ToResult(CloverExportJob job) => new(
        job.Status == CloverExportStatus.Failed ? CloverCallOutcome.Failed : CloverCallOutcome.Ok,
        job.Id,
        job.RawStatus,
        job.PercentComplete,
        job.FileUrls.Count,
        job.AvailableUntil,
        Reason: job.Status == CloverExportStatus.Failed ? $"Clover reported status {job.RawStatus}." : null);

    public static async Task<CloverCallResult> RunAsync(ILogger logger, string merchantId, Func<Task<CloverCallResult>> call)
    {
        try
        {
            return await call();
        }
        catch (CloverUnavailableException ex)
        {
            LogWait(logger, merchantId, ex.Reason, ex.RetryAt);
            return new CloverCallResult(CloverCallOutcome.Wait, RetryAt: ex.RetryAt, Reason: ex.Reason.ToString());
        }
        catch (MerchantNotFoundException ex)
        {
            LogMerchantGone(logger, merchantId, ex.Message);
            return new CloverCallResult(CloverCallOutcome.MerchantGone, Reason: ex.Message);
        }
        catch (Exception ex) when (IsRejection(ex))
        {
            LogRejected(logger, merchantId, ex.Message);
            return new CloverCallResult(CloverCallOutcome.Rejected, Reason: ex.Message);
        }
        catch (CloverApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            LogFailed(logger, merchantId, ex.Message);
            return new CloverCallResult(CloverCallOutcome.Failed, Reason: ex.Message);
        }
        catch (Exception ex) when (ex is CloverException or HttpRequestException or TimeoutException or TaskCanceledException)
        {
            LogFailed(logger, merchantId, ex.Message);
            return new CloverCallResult(CloverCallOutcome.Unreachable, Reason: ex.Message);
        }
    }

    /// <summary>Permanent for the window: bad credentials or permissions, a request we cannot make, or one Clover refuses (a 4xx but 404 and 408).</summary>
    private static bool IsRejection(Exception ex) =>
        ex is CloverAuthorizationException or ArgumentException
        || (ex is CloverApiException api && (int)api.StatusCode is >= 400 and < 500 and not 404 and not 408);

    [LoggerMessage(Level = LogLevel.Information, Message = "Clover asks {MerchantId} to wait ({Reason}) until {RetryAt:O}")]
    private static partial void LogWait(ILogger logger, string merchantId, CloverUnavailableReason reason, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Merchant {MerchantId} is gone: {Reason}")]
    private static partial void LogMerchantGone(ILogger logger, string merchantId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clover rejected a request for {MerchantId}: {Reason}")]
    private static partial void LogRejected(ILogger logger, string merchantId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Clover call for {MerchantId} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string merchantId, string reason);
}

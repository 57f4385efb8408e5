using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Functions.Scheduling;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Http;

/// <summary>
/// <c>/api/exports</c>: the list of merchant runs, paged; and the legacy routes by instance id
/// (<c>POST /api/exports</c>, <c>GET /api/exports/{instanceId}</c>, <c>POST /api/exports/{instanceId}/cancel</c>),
/// kept for existing callers and answered with a <c>Deprecation</c> header and a <c>Link</c> to the merchant route.
/// </summary>
public sealed class ExportsApi(
    IMerchantDirectory merchants,
    MerchantRunStarter starter,
    IOptions<ExportOptions> exportOptions,
    TimeProvider time)
{
    public const int DefaultListLimit = 50;
    public const int MaxListLimit = 500;

    // Durable Functions' limit for instance ids.
    public const int MaxInstanceIdLength = 256;

    // Backend tokens are small (Azure Storage: a base64 JSON of a few hundred bytes); a longer one is not ours.
    public const int MaxContinuationTokenLength = 4096;

    [Function("ListExports")]
    public static async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "exports")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var limit = DefaultListLimit;
        if (request.Query.TryGetValue("limit", out var raw)
            && (!int.TryParse(raw.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxListLimit))
        {
            return ApiResponse.Problem(ApiProblem.Validation("limit", $"'limit' must be a whole number from 1 to {MaxListLimit}."));
        }

        string? token = request.Query.TryGetValue("continuationToken", out var given) ? given.ToString() : null;
        if (token is { Length: 0 or > MaxContinuationTokenLength })
        {
            return ApiResponse.Problem(ApiProblem.Validation("continuationToken", "'continuationToken' must be the value a previous page returned."));
        }

        // One page of the task hub per request, without inputs or outputs: the cost is bounded by
        // 'limit', whatever the hub holds. Window children share the prefix and are dropped, so a
        // page can hold fewer runs than 'limit' (or none) while more follow.
        var query = new OrchestrationQuery { InstanceIdPrefix = TaskNames.MerchantInstanceId(string.Empty), PageSize = limit, FetchInputsAndOutputs = false, ContinuationToken = token };
        var runs = new List<ExportRunSummary>();
        string? next = null;
        await foreach (var page in client.GetAllInstancesAsync(query).AsPages(token, limit).WithCancellation(cancellationToken))
        {
            foreach (var instance in page.Values)
            {
                if (instance.Name == TaskNames.MerchantExport && ApiUrls.MerchantOf(instance.InstanceId) is { } merchantId)
                {
                    runs.Add(new ExportRunSummary(merchantId, instance.InstanceId, ExportRunReader.StateOf(instance.RuntimeStatus, null), instance.LastUpdatedAt,
                        ApiUrls.Build(request, "exports", $"merchants/{merchantId}/export")));
                }
            }

            next = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
            break;
        }

        return ApiResponse.Json(StatusCodes.Status200OK, new ExportRunPage(runs, next));
    }

    /// <summary>Legacy: the merchant in the body, <c>to</c> exclusive. Successor: <c>POST /api/merchants/{id}/export</c>.</summary>
    [Function("StartExport")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "exports")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var parsed = await StartExportRequestReader.ReadAsync(request, merchant: null, merchants, exportOptions.Value, time.GetUtcNow(), cancellationToken);
        if (parsed.Problem is not null)
        {
            return ApiResponse.Problem(parsed.Problem);
        }

        var input = parsed.Input!;
        var instanceId = await starter.TryStartAsync(client, input, startAt: null, cancellationToken);
        if (instanceId is null)
        {
            return ApiResponse.Problem(MerchantExportApi.StillActive(input.MerchantId));
        }

        var statusUrl = ApiUrls.Build(request, "exports", $"exports/{Uri.EscapeDataString(instanceId)}");
        return Deprecated(ApiResponse.Accepted(new ExportStarted(instanceId, statusUrl, statusUrl + "/cancel"), statusUrl), request, "exports", input.MerchantId);
    }

    /// <summary>Legacy: any pipeline instance by id, in its frozen shape (<see cref="LegacyExportRunView"/>). Successor: <c>GET /api/merchants/{id}/export</c>.</summary>
    [Function("GetExport")]
    public static async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "exports/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var (instance, problem) = await FindInstanceAsync(client, instanceId, withInputs: true, cancellationToken);
        if (instance is null)
        {
            return problem!;
        }

        var response = ApiResponse.Json(StatusCodes.Status200OK, await LegacyExportRunView.ReadAsync(client, instance, cancellationToken));
        return DeprecatedIfMerchantRun(response, request, $"exports/{instanceId}", instanceId);
    }

    /// <summary>Legacy: cancels by instance id. Successor: <c>POST /api/merchants/{id}/export/cancel</c>.</summary>
    [Function("CancelExport")]
    public static async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "exports/{instanceId}/cancel")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var (instance, problem) = await FindInstanceAsync(client, instanceId, withInputs: false, cancellationToken);
        if (instance is null)
        {
            return problem!;
        }

        if (!await MerchantExportApi.TryTerminateAsync(client, instance, cancellationToken))
        {
            return ApiResponse.Problem(ApiProblem.Conflict("instanceId", $"Instance '{instanceId}' is not running (state {ExportRunReader.StateOf(instance.RuntimeStatus, null)})."));
        }

        var response = ApiResponse.Json(StatusCodes.Status202Accepted, new ExportCancelled(instanceId, "terminating"));
        return DeprecatedIfMerchantRun(response, request, $"exports/{instanceId}/cancel", instanceId);
    }

    /// <summary>Marks a legacy answer (RFC 9745 <c>Deprecation</c>) and links the merchant route that replaces it.</summary>
    private static ApiResponse Deprecated(ApiResponse response, HttpRequest request, string route, string merchantId)
    {
        response.Headers["Deprecation"] = "@1796083200"; // 2026-12-01, when the merchant routes replaced these.
        response.Headers["Link"] = $"<{ApiUrls.Build(request, route, $"merchants/{merchantId}/export")}>; rel=\"successor-version\"";
        return response;
    }

    /// <summary>A legacy answer about an instance: deprecated (with its successor) when the instance is a merchant's run.</summary>
    private static ApiResponse DeprecatedIfMerchantRun(ApiResponse response, HttpRequest request, string route, string instanceId) =>
        ApiUrls.MerchantOf(instanceId) is { } merchantId ? Deprecated(response, request, route, merchantId) : response;

    /// <summary>The instance, or the problem to answer: a malformed id, or none with that id.</summary>
    private static async Task<(OrchestrationMetadata? Instance, ApiResponse? Problem)> FindInstanceAsync(
        DurableTaskClient client, string instanceId, bool withInputs, CancellationToken cancellationToken)
    {
        if (!IsWellFormedInstanceId(instanceId))
        {
            return (null, MalformedInstanceId());
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: withInputs, cancellationToken);
        return instance is null ? (null, UnknownInstance(instanceId)) : (instance, null);
    }

    /// <summary>
    /// The pipeline's ids are ASCII letters, digits, '-', '_' and ':'. Anything else is refused before the
    /// task hub sees it: an empty id makes the client throw, and storage backends may fail on odd keys.
    /// </summary>
    private static bool IsWellFormedInstanceId(string? instanceId) =>
        instanceId is { Length: > 0 and <= MaxInstanceIdLength } && instanceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':');

    private static ApiResponse MalformedInstanceId() =>
        ApiResponse.Problem(ApiProblem.Validation("instanceId", $"'instanceId' must be 1 to {MaxInstanceIdLength} letters, digits, '-', '_' or ':'."));

    private static ApiResponse UnknownInstance(string instanceId) =>
        ApiResponse.Problem(ApiProblem.NotFound("instanceId", $"No merchant run '{instanceId}'; runs are export-{{merchantId}}, also at GET /api/merchants/{{merchantId}}/export."));
}

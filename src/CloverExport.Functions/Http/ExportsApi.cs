using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Functions.Scheduling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Http;

/// <summary>Starts, watches, lists and cancels merchant export runs.</summary>
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

    [Function("StartExport")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "exports")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var parsed = await StartExportRequestReader.ReadAsync(request, merchants, exportOptions.Value, time.GetUtcNow(), cancellationToken);
        if (parsed.Problem is not null)
        {
            return ApiResponse.Problem(parsed.Problem);
        }

        var input = parsed.Input!;
        var instanceId = await starter.TryStartAsync(client, input, startAt: null, cancellationToken);
        if (instanceId is null)
        {
            var active = TaskNames.MerchantInstanceId(input.MerchantId);
            return ApiResponse.Problem(ApiProblem.Conflict("merchantId",
                $"A run for merchant '{input.MerchantId}' is still active ({active}); cancel it or wait until it ends."));
        }

        var statusUrl = $"{UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path).TrimEnd('/')}/{Uri.EscapeDataString(instanceId)}";
        var response = ApiResponse.Json(StatusCodes.Status202Accepted, new ExportStarted(instanceId, statusUrl, statusUrl + "/cancel"));
        response.Headers["Location"] = statusUrl;
        response.Headers["Retry-After"] = "10";
        return response;
    }

    [Function("GetExport")]
    public static async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "exports/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var (instance, problem) = await FindAsync(client, instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return problem!;
        }

        var isRun = instance.Name == TaskNames.MerchantExport;
        var progress = isRun ? instance.ReadCustomStatusAs<ExportProgress>() : null;
        var windows = new List<WindowView>();
        foreach (var window in progress?.Active ?? [])
        {
            // Custom status travels with inputs and outputs only.
            var child = window.InstanceId is { } childId ? await client.GetInstanceAsync(childId, getInputsAndOutputs: true, cancellationToken) : null;
            windows.Add(new WindowView(window, child?.RuntimeStatus, child?.ReadCustomStatusAs<WindowProgress>()));
        }

        var view = new ExportRunView(
            instance.InstanceId,
            instance.Name,
            instance.RuntimeStatus,
            instance.CreatedAt,
            instance.LastUpdatedAt,
            isRun ? instance.ReadInputAs<MerchantExportInput>() : null,
            progress,
            windows,
            isRun && instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<MerchantExportResult>() : null,
            instance.FailureDetails?.ErrorMessage);
        return ApiResponse.Json(StatusCodes.Status200OK, view);
    }

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

        // Child instances share the run's id as prefix; only the runs themselves are listed.
        var runs = new List<ExportRunSummary>();
        var query = new OrchestrationQuery { InstanceIdPrefix = TaskNames.MerchantInstanceId(string.Empty), PageSize = MaxListLimit, FetchInputsAndOutputs = true };
        await foreach (var instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name == TaskNames.MerchantExport)
            {
                runs.Add(new ExportRunSummary(instance.InstanceId, instance.RuntimeStatus, instance.CreatedAt, instance.LastUpdatedAt,
                    instance.ReadCustomStatusAs<ExportProgress>()));
            }
        }

        return ApiResponse.Json(StatusCodes.Status200OK, new ExportRunList([.. runs.OrderByDescending(r => r.CreatedAt).Take(limit)]));
    }

    [Function("CancelExport")]
    public static async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "exports/{instanceId}/cancel")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var (instance, problem) = await FindAsync(client, instanceId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return problem!;
        }

        if (!MerchantRunStarter.IsActive(instance.RuntimeStatus))
        {
            return ApiResponse.Problem(ApiProblem.Conflict("instanceId", $"Instance '{instanceId}' is not running (status {instance.RuntimeStatus})."));
        }

        // Windows become complete only through their manifest, written last: a terminated run leaves
        // at most unreferenced parts, which the next run of that window replaces.
        await client.TerminateInstanceAsync(instanceId, new TerminateInstanceOptions(Output: "cancelled over HTTP", Recursive: true), cancellationToken);
        return ApiResponse.Json(StatusCodes.Status202Accepted, new ExportCancelled(instanceId, "terminating"));
    }

    /// <summary>
    /// The pipeline's ids are ASCII letters, digits, '-', '_' and ':'. Anything else is refused before the
    /// task hub sees it: an empty id makes the client throw, and storage backends may fail on odd keys.
    /// </summary>
    /// <summary>The run with this id, or the problem to answer: a malformed id (400) or an unknown one (404).</summary>
    private static async Task<(OrchestrationMetadata? Instance, IActionResult? Problem)> FindAsync(
        DurableTaskClient client, string instanceId, bool getInputsAndOutputs, CancellationToken cancellationToken)
    {
        if (!IsWellFormedInstanceId(instanceId))
        {
            return (null, MalformedInstanceId());
        }

        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken);
        return instance is null ? (null, UnknownInstance(instanceId)) : (instance, null);
    }

    private static bool IsWellFormedInstanceId(string? instanceId) =>
        instanceId is { Length: > 0 and <= MaxInstanceIdLength } && instanceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':');

    private static ApiResponse MalformedInstanceId() =>
        ApiResponse.Problem(ApiProblem.Validation("instanceId", $"'instanceId' must be 1 to {MaxInstanceIdLength} letters, digits, '-', '_' or ':'."));

    private static ApiResponse UnknownInstance(string instanceId) =>
        ApiResponse.Problem(ApiProblem.NotFound("instanceId", $"No export instance '{instanceId}'."));
}

using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Functions.Scheduling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Http;

/// <summary><c>/api/merchants/{merchantId}/export</c>: start a merchant's run, watch it, cancel it. One run per merchant at a time.</summary>
public sealed class MerchantExportApi(
    IMerchantDirectory merchants,
    MerchantRunStarter starter,
    IOptions<ExportOptions> exportOptions,
    ExportSlotsReader slots,
    TimeProvider time)
{
    [Function("StartMerchantExport")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/export")] HttpRequest request,
        string merchantId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var (merchant, problem) = await MerchantLookup.FindEnabledAsync(merchants, merchantId, cancellationToken);
        if (problem is not null)
        {
            return ApiResponse.Problem(problem);
        }

        var parsed = await StartExportRequestReader.ReadAsync(request, merchant, merchants, exportOptions.Value, time.GetUtcNow(), cancellationToken);
        if (parsed.Problem is not null)
        {
            return ApiResponse.Problem(parsed.Problem);
        }

        if (await starter.TryStartAsync(client, parsed.Input!, startAt: null, cancellationToken) is null)
        {
            return ApiResponse.Problem(StillActive(merchantId));
        }

        var statusUrl = ApiUrls.Build(request, $"merchants/{merchantId}/export", $"merchants/{merchantId}/export");
        var response = ApiResponse.Json(StatusCodes.Status202Accepted, new ExportRunAccepted(merchantId, statusUrl, statusUrl + "/cancel"));
        response.Headers["Location"] = statusUrl;
        response.Headers["Retry-After"] = "10";
        return response;
    }

    [Function("GetMerchantExport")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/export")] HttpRequest request,
        string merchantId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (MerchantLookup.CheckId(merchantId) is { } malformed)
        {
            return ApiResponse.Problem(malformed);
        }

        // A removed merchant's last run is still shown: the task hub, not the directory, knows it.
        var run = await ExportRunReader.ReadAsync(client, merchantId, cancellationToken);
        if (run is not null)
        {
            // Only an active run has windows holding or waiting for slots: a finished one costs no board read.
            if (run.State is ExportRunState.Pending or ExportRunState.Running or ExportRunState.Suspended)
            {
                run = run with { Fleet = ExportSlotsReader.FleetOf(await slots.ReadAsync(cancellationToken), merchantId) };
            }

            return ApiResponse.Json(StatusCodes.Status200OK, run);
        }

        return ApiResponse.Problem(await merchants.FindAsync(merchantId, cancellationToken) is null
            ? ApiProblem.NotFound("merchantId", $"Merchant '{merchantId}' is not configured.")
            : ApiProblem.NotFound("merchantId", $"Merchant '{merchantId}' has no run (or its last one was purged after Export:InstanceRetention)."));
    }

    [Function("CancelMerchantExport")]
    public static async Task<IActionResult> Cancel(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/export/cancel")] HttpRequest request,
        string merchantId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (MerchantLookup.CheckId(merchantId) is { } malformed)
        {
            return ApiResponse.Problem(malformed);
        }

        var instance = await client.GetInstanceAsync(TaskNames.MerchantInstanceId(merchantId), getInputsAndOutputs: false, cancellationToken);
        if (instance is null)
        {
            return ApiResponse.Problem(ApiProblem.NotFound("merchantId", $"Merchant '{merchantId}' has no run."));
        }

        if (!await TryTerminateAsync(client, instance, cancellationToken))
        {
            return ApiResponse.Problem(ApiProblem.Conflict("merchantId",
                $"The run of merchant '{merchantId}' is not running (state {ExportRunReader.StateOf(instance.RuntimeStatus, null)})."));
        }

        return ApiResponse.Json(StatusCodes.Status202Accepted, new ExportRunCancelling(merchantId, "Cancelling"));
    }

    internal static ApiProblem StillActive(string merchantId) => ApiProblem.Conflict("merchantId",
        $"A run for merchant '{merchantId}' is still active; cancel it (POST /api/merchants/{merchantId}/export/cancel) or wait until it ends.");

    /// <summary>Terminates an active instance and its window children; false when it is not active.</summary>
    internal static async Task<bool> TryTerminateAsync(DurableTaskClient client, OrchestrationMetadata instance, CancellationToken cancellationToken)
    {
        if (!MerchantRunStarter.IsActive(instance.RuntimeStatus))
        {
            return false;
        }

        // Windows become complete only through their manifest, written last: a terminated run leaves
        // at most unreferenced parts, which the next run of that window replaces.
        await client.TerminateInstanceAsync(instance.InstanceId, new TerminateInstanceOptions(Output: "cancelled over HTTP", Recursive: true), cancellationToken);
        return true;
    }
}

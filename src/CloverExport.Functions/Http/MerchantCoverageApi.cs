using System.Globalization;
using CloverExport.Core.Coverage;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Functions.Scheduling;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CloverExport.Functions.Http;

/// <summary><c>GET merchants/{merchantId}/coverage</c>: each 30-day block's state per type, with what the merchant's run is working on now.</summary>
public sealed class MerchantCoverageApi(IMerchantDirectory merchants, CoverageReader reader)
{
    [Function("GetMerchantCoverage")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/coverage")] HttpRequest request,
        string merchantId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (!MerchantIds.IsValid(merchantId))
        {
            return ApiResponse.Problem(ApiProblem.Validation("merchantId", $"'merchantId' must be a Clover merchant id: {MerchantIds.Length} upper-case letters or digits."));
        }

        if (ReadRange(request, out var from, out var to) is { } problem)
        {
            return ApiResponse.Problem(problem);
        }

        if (await merchants.FindAsync(merchantId, cancellationToken) is not { } merchant)
        {
            return ApiResponse.Problem(ApiProblem.NotFound("merchantId", $"Merchant '{merchantId}' is not configured."));
        }

        return ApiResponse.Json(StatusCodes.Status200OK, await ReadAsync(reader, client, merchant, from, to, cancellationToken));
    }

    /// <summary>The merchant's coverage, with the windows its active run lists as exporting or copying.</summary>
    internal static async Task<MerchantCoverage> ReadAsync(
        CoverageReader reader, DurableTaskClient client, MerchantInfo merchant, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var run = await client.GetInstanceAsync(TaskNames.MerchantInstanceId(merchant.Id), getInputsAndOutputs: true, cancellationToken);
        var running = run is not null && MerchantRunStarter.IsActive(run.RuntimeStatus)
            ? CoverageReader.RunningWindows(run.ReadCustomStatusAs<ExportProgress>())
            : [];
        return await reader.ReadAsync(merchant, from, to, running, cancellationToken);
    }

    /// <summary>The optional <c>from</c> and <c>to</c> days (UTC, yyyy-MM-dd; <c>to</c> inclusive); a problem when malformed or reversed.</summary>
    internal static ApiProblem? ReadRange(HttpRequest request, out DateTimeOffset? from, out DateTimeOffset? to)
    {
        from = to = null;
        foreach (var name in new[] { "from", "to" })
        {
            if (!request.Query.TryGetValue(name, out var raw))
            {
                continue;
            }

            if (!DateOnly.TryParseExact(raw.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return ApiProblem.Validation(name, $"'{name}' must be a day, yyyy-MM-dd.");
            }

            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            if (name == "from")
            {
                from = start;
            }
            else
            {
                to = start.AddDays(1).AddMilliseconds(-1);
            }
        }

        return from > to ? ApiProblem.Validation("from", "'from' must not be after 'to'.") : null;
    }
}

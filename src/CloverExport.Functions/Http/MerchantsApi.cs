using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CloverExport.Functions.Http;

/// <summary>What is stored per merchant.</summary>
public sealed class MerchantsApi(IMerchantDirectory merchants, WindowCatalog catalog)
{
    /// <summary>Per export type, the watermark blob (null when nothing is stored for that type yet).</summary>
    [Function("GetWatermarks")]
    public async Task<IActionResult> GetWatermarks(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/watermarks")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken)
    {
        if (!MerchantIds.IsValid(merchantId))
        {
            return ApiResponse.Problem(ApiProblem.Validation("merchantId", $"'merchantId' must be a Clover merchant id: {MerchantIds.Length} upper-case letters or digits."));
        }

        if (await merchants.FindAsync(merchantId, cancellationToken) is null)
        {
            return ApiResponse.Problem(ApiProblem.NotFound("merchantId", $"Merchant '{merchantId}' is not configured."));
        }

        var watermarks = new Dictionary<string, Watermark?>();
        foreach (var type in ExportTypes.All)
        {
            watermarks[type.ToWireName()] = await catalog.ReadWatermarkAsync(merchantId, type, cancellationToken);
        }

        return ApiResponse.Json(StatusCodes.Status200OK, new MerchantWatermarks(merchantId, watermarks));
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace CloverExport.Functions.Http;

/// <summary><c>GET /api/export-slots</c>: the app-wide export slots, who holds them and who waits, across all merchants.</summary>
public sealed class ExportSlotsApi(ExportSlotsReader slots)
{
    [Function("GetExportSlots")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "export-slots")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResponse.Json(StatusCodes.Status200OK, await slots.ReadAsync(cancellationToken));
}

using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Http;

/// <summary><c>GET /api/merchants/{merchantId}/watermarks</c>: per export type, how far the stored data reaches from the merchant's backfill start.</summary>
public sealed class MerchantWatermarksApi(IMerchantDirectory merchants, WindowCatalog catalog, IOptions<ExportOptions> exportOptions)
{
    [Function("GetWatermarks")]
    public async Task<IActionResult> GetWatermarks(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/watermarks")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken)
    {
        var (merchant, problem) = await MerchantLookup.FindAsync(merchants, merchantId, cancellationToken);
        if (merchant is null)
        {
            return ApiResponse.Problem(problem!);
        }

        // Runs start their windows at the 30-day block holding the backfill start: coverage counts from there.
        var backfill = merchant.BackfillStart ?? exportOptions.Value.BackfillStart;
        var from = TimeBlocks.StartOf(backfill);
        var watermarks = new Dictionary<string, TypeWatermark?>();
        foreach (var type in ExportTypes.All)
        {
            watermarks[type.ToWireName()] = await catalog.ReadWatermarkAsync(merchantId, type, cancellationToken) is { } stored
                ? new TypeWatermark(from, CoveredFrom(from, stored), stored.Windows, stored.UpdatedAt)
                : null;
        }

        return ApiResponse.Json(StatusCodes.Status200OK, new MerchantWatermarks(merchantId, ExportDays.DayOf(backfill), watermarks));
    }

    /// <summary>
    /// The end of the contiguous stored time from <paramref name="from"/>; null while the first window
    /// is missing (failed or not yet run), even when later windows are stored. A watermark written
    /// before it kept its ranges has only its first contiguous run, which counts when it reaches <paramref name="from"/>.
    /// </summary>
    private static DateTimeOffset? CoveredFrom(DateTimeOffset from, Watermark stored)
    {
        if (stored.Ranges is { } ranges)
        {
            var set = new TimeRangeSet();
            foreach (var range in ranges)
            {
                set.Add(new TimeRange(range.Start, range.End));
            }

            return set.CoveredThrough(from);
        }

        return stored is { From: { } first, CoveredThrough: { } through } && first <= from && through >= from ? through : null;
    }
}

/// <param name="BackfillStart">The merchant's oldest day to export (its own, or <c>Export:BackfillStart</c>).</param>
/// <param name="Watermarks">Per type (wire name), null when nothing of that type is stored yet.</param>
public sealed record MerchantWatermarks(string MerchantId, DateOnly BackfillStart, IReadOnlyDictionary<string, TypeWatermark?> Watermarks);

/// <param name="From">Where coverage counts from: the start of the 30-day block holding the backfill start.</param>
/// <param name="CoveredThrough">Everything from <paramref name="From"/> through this instant is stored; null while the first window is missing (failed or not yet run).</param>
/// <param name="Windows">Committed windows of this type.</param>
public sealed record TypeWatermark(DateTimeOffset From, DateTimeOffset? CoveredThrough, int Windows, DateTimeOffset UpdatedAt);

using CloverExport.Core.Orchestration;
using CloverExport.Core.Scheduling;
using Microsoft.Extensions.Options;

namespace CloverExport.Functions.Http;

/// <summary>
/// Reads the app-wide slot scheduler's board (one blob read) and maps it onto the API's shapes: the one
/// place that knows both, so the board can change without changing the contract.
/// </summary>
public sealed class ExportSlotsReader(BlobExportSlotScheduler scheduler, IOptions<ExportOptions> options, TimeProvider time)
{
    /// <summary>The board as of now; <see cref="ExportSlotsResponse.Off"/> without reading storage when the scheduler is off.</summary>
    public async Task<ExportSlotsResponse> ReadAsync(CancellationToken cancellationToken)
    {
        var maxLimit = options.Value.MaxExportsInFlightPerApp;
        return maxLimit <= 0 ? ExportSlotsResponse.Off : ViewOf(await scheduler.ReadAsync(cancellationToken), maxLimit, time.GetUtcNow());
    }

    /// <summary>
    /// The board as its next decision would see it: leases and waiters silent past their time left out,
    /// a closed time in the past forgotten, and the limit within 1..<paramref name="maxLimit"/> (a board
    /// never written has the full limit).
    /// </summary>
    public static ExportSlotsResponse ViewOf(ExportSlotBoard board, int maxLimit, DateTimeOffset now)
    {
        var limit = board.Limit <= 0 ? maxLimit : (int)Math.Floor(Math.Clamp(board.Limit, 1, maxLimit));
        var holders = board.Holders.Where(h => h.Until > now).Select(h => new ExportSlotHolder(h.MerchantId, h.GrantedAt, h.Until, !h.Reserved)).ToList();
        var waiting = board.Waiters.Where(w => w.ExpectedBy > now).Select((w, i) => new ExportSlotWaiting(w.MerchantId, i + 1, w.Since)).ToList();
        return new ExportSlotsResponse(
            true,
            maxLimit,
            limit,
            holders.Count,
            board.ClosedUntil > now ? board.ClosedUntil : null,
            holders,
            waiting,
            waiting.Select(w => w.MerchantId).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>One merchant's share of <paramref name="slots"/>; null when the scheduler is off.</summary>
    public static ExportRunFleet? FleetOf(ExportSlotsResponse slots, string merchantId) => slots.Enabled
        ? new ExportRunFleet(
            slots.InUse,
            slots.Limit,
            slots.Holders.Count(h => h.MerchantId == merchantId),
            slots.Waiting.FirstOrDefault(w => w.MerchantId == merchantId)?.Position,
            slots.WaitingMerchants,
            slots.ClosedUntil)
        : null;
}

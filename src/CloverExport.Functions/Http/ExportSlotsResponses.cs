namespace CloverExport.Functions.Http;

/// <summary>
/// Body of <c>GET /api/export-slots</c>: the app-wide export slots (<c>Export:MaxExportsInFlightPerApp</c>)
/// across all merchants, as the scheduler's board holds them now. Merchant ids only: which window holds
/// a slot is internal.
/// </summary>
/// <param name="Enabled">False when the scheduler is off (<c>Export:MaxExportsInFlightPerApp</c> = 0); then the rest is empty.</param>
/// <param name="MaxLimit">The setting: the most slots the app ever uses.</param>
/// <param name="Limit">The effective limit now: lowered after Clover's concurrency 503s, grown back after exports.</param>
/// <param name="ClosedUntil">Until when Clover said it is closed (held slots wait for it); null unless in the future.</param>
/// <param name="Waiting">The queue for a slot, one entry per waiting window, next first.</param>
/// <param name="WaitingMerchants">How many merchants have at least one window in the queue.</param>
public sealed record ExportSlotsResponse(
    bool Enabled,
    int MaxLimit,
    int Limit,
    int InUse,
    DateTimeOffset? ClosedUntil,
    IReadOnlyList<ExportSlotHolder> Holders,
    IReadOnlyList<ExportSlotWaiting> Waiting,
    int WaitingMerchants)
{
    public static ExportSlotsResponse Off { get; } = new(false, 0, 0, 0, null, [], [], 0);
}

/// <summary>A held slot.</summary>
/// <param name="Since">When the slot was granted.</param>
/// <param name="LeaseUntil">When it frees by itself unless its window renews it (a dead window's slot frees then).</param>
/// <param name="Claimed">False while a freed slot is reserved for a woken window that has not taken it yet.</param>
public sealed record ExportSlotHolder(string MerchantId, DateTimeOffset Since, DateTimeOffset LeaseUntil, bool Claimed);

/// <summary>A window of a merchant waiting for a slot.</summary>
/// <param name="Position">1 = next to be granted.</param>
/// <param name="Since">When it joined the queue.</param>
public sealed record ExportSlotWaiting(string MerchantId, int Position, DateTimeOffset Since);

/// <summary>A merchant's share of the app-wide slots, in <c>GET /api/merchants/{id}/export</c> while its run is active.</summary>
/// <param name="SlotsInUse">Slots held across all merchants.</param>
/// <param name="SlotLimit">The effective app-wide limit.</param>
/// <param name="Holding">How many of this merchant's windows hold a slot.</param>
/// <param name="Position">This merchant's best place in the queue (1 = next); null when none of its windows waits.</param>
/// <param name="WaitingMerchants">How many merchants have a window in the queue.</param>
/// <param name="ClosedUntil">Until when Clover said it is closed; null unless in the future.</param>
public sealed record ExportRunFleet(int SlotsInUse, int SlotLimit, int Holding, int? Position, int WaitingMerchants, DateTimeOffset? ClosedUntil);

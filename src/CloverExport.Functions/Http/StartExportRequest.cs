namespace CloverExport.Functions.Http;

/// <summary>
/// Body of <c>POST exports</c>. Dates are ISO 8601 (<c>2025-01-01</c> is midnight UTC); <c>to</c> is
/// exclusive. Omitted <c>types</c> means the merchant's configured types; omitted <c>from</c> the
/// merchant's backfill start; omitted <c>to</c> now minus <c>Export:SettleLag</c>.
/// </summary>
public sealed record StartExportRequest(string? MerchantId, IReadOnlyList<string?>? Types, string? From, string? To);

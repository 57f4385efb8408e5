namespace CloverExport.Functions.Http;

/// <summary>
/// Body of <c>POST /api/merchants/{id}/export</c>, all optional: <c>types</c> (wire names; omitted: the
/// merchant's), <c>from</c>/<c>to</c> inclusive UTC days <c>yyyy-MM-dd</c> (omitted <c>from</c>: the
/// backfill start; omitted <c>to</c>: now minus <c>Export:SettleLag</c>). No range: an incremental run.
/// </summary>
public sealed record MerchantExportRequest(IReadOnlyList<string?>? Types, string? From, string? To);

/// <summary>
/// Body of the legacy <c>POST /api/exports</c>: as above plus <c>merchantId</c>, but <c>from</c>/<c>to</c>
/// are ISO 8601 dates or date-times and <c>to</c> is exclusive (the route's original convention, kept for its callers).
/// </summary>
public sealed record StartExportRequest(string? MerchantId, IReadOnlyList<string?>? Types, string? From, string? To);

using CloverExport.Core.Clover;

namespace CloverExport.Core.Merchants;

/// <summary>What the exporter knows about a merchant, without its credentials.</summary>
/// <param name="Id">Clover merchant id: 13 upper-case letters or digits.</param>
/// <param name="Region">Clover region: <c>us</c>, <c>eu</c>, <c>la</c> or <c>sandbox</c>.</param>
/// <param name="BaseUrl">Overrides the region's API host (the emulator, a proxy); null to use the region's.</param>
/// <param name="Types">What to export for this merchant.</param>
/// <param name="BackfillStart">Oldest data to export; null to use <c>Export:BackfillStart</c>.</param>
public sealed record MerchantInfo(
    string Id,
    string Region,
    Uri? BaseUrl,
    IReadOnlyList<ExportType> Types,
    DateTimeOffset? BackfillStart,
    string? DisplayName,
    bool Enabled = true);

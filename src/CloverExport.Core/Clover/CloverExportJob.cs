namespace CloverExport.Core.Clover;

/// <summary>
/// An export as Clover reports it. <see cref="FileUrls"/> are pre-signed links: they grant access
/// to merchant data, so they are never logged nor passed through orchestration history.
/// </summary>
/// <param name="RawStatus">The status string exactly as Clover sent it, for error messages.</param>
public sealed record CloverExportJob(
    string Id,
    string MerchantId,
    ExportType Type,
    CloverExportStatus Status,
    string RawStatus,
    int PercentComplete,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    DateTimeOffset? AvailableUntil,
    IReadOnlyList<Uri> FileUrls)
{
    public bool IsTerminal => Status is CloverExportStatus.Done or CloverExportStatus.Failed;
}

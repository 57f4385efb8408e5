using CloverExport.Emulator.Data;

namespace CloverExport.Emulator.Api;

/// <summary>Clover's export object, property order as in Clover's documentation.</summary>
internal sealed record ExportResource(
    string Id,
    string Type,
    string Status,
    int PercentComplete,
    long? AvailableUntil,
    long StartTime,
    long EndTime,
    long CreatedTime,
    long ModifiedTime,
    ElementList<ExportUrl>? ExportUrls,
    IdRef MerchantRef);

/// <summary>One file link of a DONE export.</summary>
internal sealed record ExportUrl(string Url, IdRef Export);

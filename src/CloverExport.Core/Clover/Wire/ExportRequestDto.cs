namespace CloverExport.Core.Clover.Wire;

/// <summary>Body of <c>POST /v3/merchants/{mId}/exports/</c>; times are UTC epoch milliseconds sent as JSON numbers.</summary>
internal sealed record ExportRequestDto(string Type, long StartTime, long EndTime);

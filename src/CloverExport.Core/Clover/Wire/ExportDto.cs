namespace CloverExport.Core.Clover.Wire;

/// <summary>Clover's export object. Everything is optional: the endpoint is beta and the client must not break on a missing field.</summary>
internal sealed record ExportDto(
    string? Id,
    string? Type,
    string? Status,
    int? PercentComplete,
    long? StartTime,
    long? EndTime,
    long? AvailableUntil,
    ExportUrlsDto? ExportUrls,
    MerchantRefDto? MerchantRef);

internal sealed record ExportUrlsDto(IReadOnlyList<ExportUrlDto>? Elements);

internal sealed record ExportUrlDto(string? Url);

internal sealed record MerchantRefDto(string? Id);

namespace CloverExport.Functions.Http;

/// <summary>
/// Body of <c>POST merchants</c>: the merchant and, optionally, its tokens. Omitted <c>types</c> means
/// <c>Export:Types</c>; omitted <c>enabled</c> means true. The response never contains a token.
/// </summary>
public sealed record MerchantRequest(
    string? MerchantId,
    string? Region,
    string? DisplayName,
    bool? Enabled,
    IReadOnlyList<string?>? Types,
    DateTimeOffset? BackfillStart,
    string? BaseUrl, // Rejected when present (the API host comes from the region); read only to say so.
    MerchantTokensRequest? Tokens);

/// <summary>
/// The merchant's Clover tokens: an OAuth pair (access token optional) or a static access token.
/// A class, not a record, so that a ToString cannot print them.
/// </summary>
public sealed class MerchantTokensRequest
{
    public string? AccessToken { get; init; }

    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    public string? RefreshToken { get; init; }

    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }
}

/// <summary>A merchant as the API shows it: description and status, never a token.</summary>
public sealed record MerchantView(
    string MerchantId,
    string Region,
    string? DisplayName,
    bool Enabled,
    IReadOnlyList<string> Types,
    DateTimeOffset? BackfillStart,
    string? BaseUrl,
    string Status,
    string? LastError,
    DateTimeOffset? StatusChangedAt)
{
    public static MerchantView Of(Core.Merchants.MerchantEntry entry) => new(
        entry.Info.Id,
        entry.Info.Region,
        entry.Info.DisplayName,
        entry.Info.Enabled,
        entry.Info.Types.Select(t => Core.Clover.ExportTypes.ToWireName(t)).ToList(),
        entry.Info.BackfillStart,
        entry.Info.BaseUrl?.AbsoluteUri,
        entry.Status.Health.ToString(),
        entry.Status.LastError,
        entry.Status.ChangedAt);
}

/// <summary>Body of <c>GET merchants</c>.</summary>
public sealed record MerchantList(bool Writable, IReadOnlyList<MerchantView> Merchants);

using System.Text.Json.Serialization;

namespace CloverExport.Core.Tokens;

/// <summary>
/// A merchant's Clover credentials as stored (one JSON value, so access and refresh token rotate together).
/// A class, not a record, so a ToString never prints a token. No refresh token means a static token.
/// </summary>
public sealed class TokenSet
{
    [JsonPropertyName("accessToken")]
    public required string AccessToken { get; init; }

    /// <summary>Null when unknown (static tokens): the token is then only replaced after a 401.</summary>
    [JsonPropertyName("accessTokenExpiresAt")]
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    [JsonPropertyName("refreshToken")]
    public string? RefreshToken { get; init; }

    [JsonPropertyName("refreshTokenExpiresAt")]
    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }

    /// <summary>Goes up by one with every save: refreshes and onboarding compare it to see whether someone else already replaced the pair.</summary>
    [JsonPropertyName("generation")]
    public long Generation { get; init; }

    /// <summary>When the pair was obtained; with the expiry it bounds the refresh margin for short-lived tokens.</summary>
    [JsonPropertyName("issuedAt")]
    public DateTimeOffset IssuedAt { get; init; }

    [JsonIgnore]
    public bool CanRefresh => !string.IsNullOrEmpty(RefreshToken);

    /// <summary>A configured static token: never refreshed, never expires on our side.</summary>
    public static TokenSet Static(string accessToken) => new() { AccessToken = accessToken };
}

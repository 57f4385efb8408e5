using System.Text.Json.Serialization;

namespace CloverExport.Core.Tokens;

/// <summary>Body of Clover's <c>POST /oauth/v2/refresh</c>.</summary>
internal sealed record OAuthRefreshRequest(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("refresh_token")] string RefreshToken);

/// <summary>Clover's answer to a refresh; expirations are epoch seconds.</summary>
internal sealed record OAuthRefreshResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("access_token_expiration")] long? AccessTokenExpiration,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("refresh_token_expiration")] long? RefreshTokenExpiration);

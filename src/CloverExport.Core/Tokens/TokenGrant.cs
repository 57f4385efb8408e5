namespace CloverExport.Core.Tokens;

/// <summary>
/// Tokens handed over when a merchant is onboarded: an OAuth pair (the access token may be left out; it is then
/// obtained with the refresh token at first use) or a static access token alone (sandbox test tokens).
/// A class, not a record, so a ToString never prints a token.
/// </summary>
public sealed class TokenGrant
{
    public string? AccessToken { get; init; }

    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    public string? RefreshToken { get; init; }

    public DateTimeOffset? RefreshTokenExpiresAt { get; init; }
}

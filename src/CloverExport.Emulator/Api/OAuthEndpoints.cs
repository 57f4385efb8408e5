using System.Text.Json.Serialization;
using CloverExport.Emulator.State;

namespace CloverExport.Emulator.Api;

/// <summary>
/// Clover's OAuth v2 refresh: <c>POST /oauth/v2/refresh</c> with <c>{"client_id","refresh_token"}</c>
/// answers a new access/refresh pair (expirations in epoch seconds) and spends the refresh token.
/// </summary>
internal static class OAuthEndpoints
{
    public const string RefreshRoute = "/oauth/v2/refresh";

    public static void Map(IEndpointRouteBuilder app) => app.MapPost(RefreshRoute, RefreshAsync);

    private static async Task<IResult> RefreshAsync(HttpContext http, EmulatorState state)
    {
        var (request, error) = await EmulatorJson.ReadBodyAsync<RefreshRequest>(http.Request);
        if (error is not null)
        {
            return ErrorResults.BadRequest("Invalid JSON");
        }

        if (request is not { RefreshToken.Length: > 0, ClientId.Length: > 0 })
        {
            return ErrorResults.BadRequest("client_id and refresh_token are required");
        }

        if (state.Options.OAuthClientId is { Length: > 0 } clientId && request.ClientId != clientId)
        {
            state.Counters.TokenRefreshRejected();
            return ErrorResults.Message(StatusCodes.Status401Unauthorized, "Unknown client_id");
        }

        var merchant = state.Merchants.Values.FirstOrDefault(m => m.Credentials.Owns(request.RefreshToken));
        if (merchant is not null && state.Faults.TryConsume(EmulatorFaultKind.ServerError, merchant.Id) is not null)
        {
            return ErrorResults.ServerError();
        }

        var issued = merchant?.Credentials.TryRefresh(request.RefreshToken, state.Time.GetUtcNow());
        if (issued is null)
        {
            state.Counters.TokenRefreshRejected();
            return ErrorResults.Message(StatusCodes.Status401Unauthorized, "Invalid or expired refresh token");
        }

        state.Counters.TokenRefreshed();
        return Results.Json(
            new RefreshResponse(issued.AccessToken, issued.AccessExpires.ToUnixTimeSeconds(), issued.RefreshToken, issued.RefreshExpires.ToUnixTimeSeconds()),
            EmulatorJson.Options);
    }

    private sealed record RefreshRequest(
        [property: JsonPropertyName("client_id")] string? ClientId,
        [property: JsonPropertyName("refresh_token")] string? RefreshToken);

    private sealed record RefreshResponse(
        [property: JsonPropertyName("access_token")] string AccessToken,
        [property: JsonPropertyName("access_token_expiration")] long AccessTokenExpiration,
        [property: JsonPropertyName("refresh_token")] string RefreshToken,
        [property: JsonPropertyName("refresh_token_expiration")] long RefreshTokenExpiration);
}

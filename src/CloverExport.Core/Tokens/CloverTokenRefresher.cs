using System.Net;
using System.Text;
using System.Text.Json;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using Microsoft.Extensions.Options;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Tokens;

/// <summary>What Clover said to a refresh: a new pair, or a refusal (the refresh token is dead).</summary>
public sealed class RefreshOutcome
{
    private RefreshOutcome(TokenSet? tokens, HttpStatusCode? refusedWith)
    {
        Tokens = tokens;
        RefusedWith = refusedWith;
    }

    public TokenSet? Tokens { get; }

    public HttpStatusCode? RefusedWith { get; }

    public static RefreshOutcome Refreshed(TokenSet tokens) => new(tokens, null);

    public static RefreshOutcome Refused(HttpStatusCode status) => new(null, status);
}

/// <summary>Calls Clover's refresh endpoint; nothing else.</summary>
public interface ICloverTokenRefresher
{
    /// <exception cref="CloverException">Clover could not be reached or answered with a server error: the refresh token may or may not be spent.</exception>
    Task<RefreshOutcome> RefreshAsync(MerchantInfo merchant, string refreshToken, CancellationToken cancellationToken);
}

/// <summary>
/// <c>POST {api host}/oauth/v2/refresh</c> with <c>{"client_id","refresh_token"}</c>. Never retried
/// here: a retry after a lost answer would spend a token that is already spent. No logging handlers
/// on its HttpClient, and nothing from the body goes into an exception message.
/// </summary>
public sealed class CloverTokenRefresher(
    IHttpClientFactory httpClientFactory, IOptionsMonitor<CloverClientOptions> cloverOptions, IOptionsMonitor<TokenOptions> tokenOptions, TimeProvider time)
    : ICloverTokenRefresher
{
    public const string HttpClientName = "CloverExport.OAuth";
    public const string RefreshPath = "oauth/v2/refresh";

    public async Task<RefreshOutcome> RefreshAsync(MerchantInfo merchant, string refreshToken, CancellationToken cancellationToken)
    {
        var clientId = tokenOptions.CurrentValue.ClientId;
        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new CloverException($"Cannot refresh the token of merchant {merchant.Id}: Tokens:ClientId (the Clover app id) is not set.");
        }

        var url = new Uri(CloverApiBase.For(merchant, cloverOptions.CurrentValue), RefreshPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new OAuthRefreshRequest(clientId, refreshToken), TokenJsonContext.Default.OAuthRefreshRequest),
                Encoding.UTF8,
                "application/json"),
        };
        using var response = await SendAsync(request, merchant.Id, cancellationToken);
        return await ReadOutcomeAsync(response, merchant.Id, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string merchantId, CancellationToken cancellationToken)
    {
        try
        {
            return await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CloverTransportException($"Could not reach Clover to refresh the token of merchant {merchantId} ({e.HttpRequestError}).", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CloverTransportException($"Clover did not answer in time to refresh the token of merchant {merchantId}.", e);
        }
    }

    private async Task<RefreshOutcome> ReadOutcomeAsync(HttpResponseMessage response, string merchantId, CancellationToken cancellationToken)
    {
        ExportTelemetry.CloverAnswered("RefreshToken", (int)response.StatusCode);
        if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            ExportTelemetry.TokenRefreshed(refreshed: false);
            return RefreshOutcome.Refused(response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new CloverApiException(response.StatusCode, $"Clover answered HTTP {(int)response.StatusCode} to the token refresh of merchant {merchantId}.");
        }

        var body = await CloverErrorMapper.ReadBodyAsync(
            response, TokenJsonContext.Default.OAuthRefreshResponse, $"Clover's answer to the token refresh of merchant {merchantId} is not JSON.", cancellationToken);

        if (body is not { AccessToken.Length: > 0, RefreshToken.Length: > 0 })
        {
            throw new CloverApiException(response.StatusCode, $"Clover's answer to the token refresh of merchant {merchantId} has no token pair.");
        }

        ExportTelemetry.TokenRefreshed(refreshed: true);
        return RefreshOutcome.Refreshed(new TokenSet
        {
            AccessToken = body.AccessToken,
            AccessTokenExpiresAt = FromEpoch(body.AccessTokenExpiration),
            RefreshToken = body.RefreshToken,
            RefreshTokenExpiresAt = FromEpoch(body.RefreshTokenExpiration),
            IssuedAt = time.GetUtcNow(),
        });
    }

    /// <summary>Epoch seconds per Clover's docs; a value too large for seconds is taken as milliseconds.</summary>
    private static DateTimeOffset? FromEpoch(long? value) => value switch
    {
        null or <= 0 => null,
        > 100_000_000_000 => DateTimeOffset.FromUnixTimeMilliseconds(value.Value),
        _ => DateTimeOffset.FromUnixTimeSeconds(value.Value),
    };
}

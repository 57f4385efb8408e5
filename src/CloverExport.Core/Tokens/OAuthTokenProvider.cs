using System.Collections.Concurrent;
using System.Net;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tokens;

/// <summary>
/// Access tokens from the <see cref="ITokenSecretStore"/>, refreshed shortly before they expire or after a 401,
/// once across all workers; merchants without a stored pair fall back to their static <c>Merchants:N:Token</c>.
/// <para>Refresh protocol (per merchant, under <see cref="TokenRefreshLock"/>):</para>
/// <list type="number">
/// <item>Re-read the stored pair; a newer generation means another worker already refreshed: use it.</item>
/// <item>Write the <see cref="RefreshMarker"/> (write-ahead), call Clover, save the new pair (generation + 1), then clear the marker.
/// The new pair is saved before anyone uses it.</item>
/// <item>A marker left for the stored generation means an earlier refresh may have spent the stored refresh token without
/// saving its result (a crash, a failed save, a lost answer). The stored refresh token is tried once more: Clover either
/// accepts it (nothing was spent) or refuses it, and the merchant becomes <see cref="MerchantHealth.NeedsReauth"/>.</item>
/// <item>A refusal is final until new tokens are onboarded: a needs-re-auth merchant gets no more requests, so there is no retry loop.</item>
/// </list>
/// </summary>
public sealed partial class OAuthTokenProvider(
    ITokenSecretStore secrets,
    TokenRefreshLock locks,
    ICloverTokenRefresher refresher,
    IMerchantStatusStore statuses,
    IMerchantDirectory directory,
    ConfigurationTokenProvider staticTokens,
    IOptionsMonitor<TokenOptions> options,
    TimeProvider time,
    ILogger<OAuthTokenProvider> logger) : ICloverAccessTokenProvider
{
    private const int SaveAttempts = 3;

    private readonly ConcurrentDictionary<string, TokenSet> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    public async ValueTask<string> GetAccessTokenAsync(string merchantId, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(merchantId, out var cached) && !IsDue(cached))
        {
            return cached.AccessToken;
        }

        return (await EnsureUsableAsync(merchantId, rejected: null, cancellationToken)).AccessToken;
    }

    public async ValueTask<bool> RenewAfterRejectionAsync(string merchantId, string rejectedToken, CancellationToken cancellationToken = default) =>
        (await EnsureUsableAsync(merchantId, rejectedToken, cancellationToken)).AccessToken != rejectedToken;

    /// <summary>Drops what this process remembers of a merchant's token (onboarding saved a new pair).</summary>
    public void Forget(string merchantId) => cache.TryRemove(merchantId, out _);

    private async Task<TokenSet> EnsureUsableAsync(string merchantId, string? rejected, CancellationToken cancellationToken)
    {
        var gate = gates.GetOrAdd(merchantId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Someone in this process may have refreshed while this caller waited.
            if (cache.TryGetValue(merchantId, out var cached) && IsUsable(cached, rejected))
            {
                return cached;
            }

            var stored = await LoadAsync(merchantId, cancellationToken);
            if (!IsUsable(stored, rejected) && stored.CanRefresh)
            {
                stored = await RefreshAsync(merchantId, stored.Generation, rejected, cancellationToken);
            }

            cache[merchantId] = stored;
            return stored;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The stored pair (or the static configured token), refusing a merchant that needs re-authorization.</summary>
    private async Task<TokenSet> LoadAsync(string merchantId, CancellationToken cancellationToken)
    {
        await ThrowIfNeedsReauthAsync(merchantId, cancellationToken);
        return await secrets.ReadAsync(merchantId, cancellationToken)
            ?? TokenSet.Static(await staticTokens.GetAccessTokenAsync(merchantId, cancellationToken));
    }

    private async Task<TokenSet> RefreshAsync(string merchantId, long staleGeneration, string? rejected, CancellationToken cancellationToken)
    {
        await using var held = await locks.AcquireAsync(merchantId, cancellationToken);
        await ThrowIfNeedsReauthAsync(merchantId, cancellationToken);
        var current = await secrets.ReadAsync(merchantId, cancellationToken)
            ?? throw new MerchantNotFoundException(merchantId, $"The token of merchant {merchantId} was removed.");
        var marker = await held.ReadMarkerAsync(cancellationToken);
        if (current.Generation != staleGeneration)
        {
            LogRefreshedElsewhere(merchantId, current.Generation);
            if (marker is not null && marker.FromGeneration < current.Generation)
            {
                // That worker saved its pair but stopped before clearing its note.
                await held.WriteMarkerAsync(null, cancellationToken);
            }

            if (IsUsable(current, rejected) || !current.CanRefresh)
            {
                return current;
            }
        }

        if (!current.CanRefresh)
        {
            return current;
        }

        return await RefreshWithCloverAsync(merchantId, current, marker, held, cancellationToken);
    }

    /// <summary>Spends <paramref name="current"/>'s refresh token at Clover (the marker says one is under way) and saves the new pair.</summary>
    private async Task<TokenSet> RefreshWithCloverAsync(
        string merchantId, TokenSet current, RefreshMarker? marker, TokenRefreshLock.Held held, CancellationToken cancellationToken)
    {
        var merchant = await directory.FindAsync(merchantId, cancellationToken)
            ?? throw new MerchantNotFoundException(merchantId, $"Merchant {merchantId} is not configured.");
        var interrupted = marker is not null && marker.FromGeneration == current.Generation ? marker : null;
        if (current.RefreshTokenExpiresAt is { } refreshExpiry && refreshExpiry <= time.GetUtcNow())
        {
            throw await NeedsReauthAsync(merchantId, held, $"its refresh token expired at {refreshExpiry:u}", cancellationToken);
        }

        await held.WriteMarkerAsync(new RefreshMarker(current.Generation, time.GetUtcNow()), cancellationToken);
        RefreshOutcome outcome;
        try
        {
            outcome = await refresher.RefreshAsync(merchant, current.RefreshToken!, cancellationToken);
        }
        catch (CloverException e)
        {
            // The marker stays: Clover may have spent the refresh token before the answer was lost.
            await SetStatusAsync(merchantId, MerchantHealth.Failing, $"Token refresh failed: {e.Message}", cancellationToken);
            throw;
        }

        if (outcome.Tokens is null)
        {
            var status = (int)(outcome.RefusedWith ?? HttpStatusCode.Unauthorized);
            throw await NeedsReauthAsync(
                merchantId,
                held,
                interrupted is null
                    ? $"Clover refused its refresh token (HTTP {status}): the app was uninstalled or the token was revoked or expired"
                    : $"a token refresh started at {interrupted.StartedAt:u} was interrupted before its result was saved, and Clover no longer accepts the stored refresh token (HTTP {status})",
                cancellationToken);
        }

        return await StoreRefreshedAsync(merchantId, current, outcome.Tokens, interrupted is not null, held, cancellationToken);
    }

    /// <summary>Saves the pair Clover issued as the next generation, clears the marker and marks the merchant healthy.</summary>
    private async Task<TokenSet> StoreRefreshedAsync(
        string merchantId, TokenSet current, TokenSet issued, bool wasInterrupted, TokenRefreshLock.Held held, CancellationToken cancellationToken)
    {
        var next = new TokenSet
        {
            AccessToken = issued.AccessToken,
            AccessTokenExpiresAt = issued.AccessTokenExpiresAt,
            RefreshToken = issued.RefreshToken,
            RefreshTokenExpiresAt = issued.RefreshTokenExpiresAt,
            IssuedAt = issued.IssuedAt,
            Generation = current.Generation + 1,
        };
        await SaveAsync(merchantId, next, cancellationToken);
        await held.WriteMarkerAsync(null, cancellationToken);
        LogRefreshed(merchantId, next.Generation, next.AccessTokenExpiresAt, wasInterrupted);
        if ((await statuses.GetStatusAsync(merchantId, cancellationToken)).Health != MerchantHealth.Healthy)
        {
            await statuses.SetStatusAsync(merchantId, new MerchantStatus(MerchantHealth.Healthy, null, time.GetUtcNow()), cancellationToken);
        }

        return next;
    }

    /// <summary>Persists the new pair before it is used; the old refresh token is already spent, so a few tries are worth it.</summary>
    private async Task SaveAsync(string merchantId, TokenSet next, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await secrets.WriteAsync(merchantId, next, cancellationToken);
                return;
            }
            catch (Exception e) when (e is TokenStoreException or Azure.RequestFailedException && attempt < SaveAttempts)
            {
                LogSaveRetry(merchantId, attempt, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, cancellationToken);
            }
            catch (Exception e) when (e is TokenStoreException or Azure.RequestFailedException)
            {
                var message = $"Token refresh failed: the new token of merchant {merchantId} could not be saved ({e.Message}); the next attempt recovers or asks for re-authorization.";
                await SetStatusAsync(merchantId, MerchantHealth.Failing, message, cancellationToken);
                throw new TokenStoreException(message, e);
            }
        }
    }

    private async Task ThrowIfNeedsReauthAsync(string merchantId, CancellationToken cancellationToken)
    {
        var status = await statuses.GetStatusAsync(merchantId, cancellationToken);
        if (status.Health == MerchantHealth.NeedsReauth)
        {
            throw new CloverAuthorizationException(HttpStatusCode.Unauthorized, status.LastError ?? NeedsReauthMessage(merchantId, "its token was refused"));
        }
    }

    private async Task<CloverAuthorizationException> NeedsReauthAsync(string merchantId, TokenRefreshLock.Held held, string why, CancellationToken cancellationToken)
    {
        var message = NeedsReauthMessage(merchantId, why);
        await SetStatusAsync(merchantId, MerchantHealth.NeedsReauth, message, cancellationToken);
        await held.WriteMarkerAsync(null, cancellationToken);
        cache.TryRemove(merchantId, out _);
        LogNeedsReauth(merchantId, message);
        return new CloverAuthorizationException(HttpStatusCode.Unauthorized, message);
    }

    private static string NeedsReauthMessage(string merchantId, string why) =>
        $"Merchant {merchantId} needs re-authorization: {why}. Exports are stopped until new tokens are onboarded (POST merchants or `clover-export merchants add`).";

    private Task SetStatusAsync(string merchantId, MerchantHealth health, string message, CancellationToken cancellationToken) =>
        statuses.SetStatusAsync(merchantId, new MerchantStatus(health, message, time.GetUtcNow()), cancellationToken);

    /// <summary>Not the rejected token, and not within the refresh margin of its expiry.</summary>
    private bool IsUsable(TokenSet tokens, string? rejected) =>
        tokens.AccessToken.Length > 0 && tokens.AccessToken != rejected && !IsDue(tokens);

    /// <summary>Within the margin of expiry; the margin is capped at half the token's life so a short-lived token is not refreshed on every call.</summary>
    private bool IsDue(TokenSet tokens)
    {
        if (tokens.AccessTokenExpiresAt is not { } expires)
        {
            return tokens.AccessToken.Length == 0;
        }

        var lifetime = expires - tokens.IssuedAt;
        var margin = TimeSpan.FromTicks(Math.Min(options.CurrentValue.RefreshMargin.Ticks, Math.Max(0, lifetime.Ticks / 2)));
        return time.GetUtcNow() >= expires - margin;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the Clover token of merchant {MerchantId} (generation {Generation}, expires {ExpiresAt:o}, recovery {Recovered})")]
    private partial void LogRefreshed(string merchantId, long generation, DateTimeOffset? expiresAt, bool recovered);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The Clover token of merchant {MerchantId} was already refreshed by another worker (generation {Generation})")]
    private partial void LogRefreshedElsewhere(string merchantId, long generation);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Saving the refreshed token of merchant {MerchantId} failed (attempt {Attempt}): {Error}")]
    private partial void LogSaveRetry(string merchantId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Clover token of merchant {MerchantId} refused: {Message}")]
    private partial void LogNeedsReauth(string merchantId, string message);
}

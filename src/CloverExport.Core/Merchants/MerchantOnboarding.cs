using CloverExport.Core.Clover;
using CloverExport.Core.Tokens;

namespace CloverExport.Core.Merchants;

/// <summary>
/// What the onboarding endpoint and CLI do: add or update a merchant with its tokens, list merchants with
/// their status, disable one. Saving tokens takes the merchant's refresh lock, so it never races a refresh,
/// and clears a needs-re-auth status.
/// </summary>
public sealed class MerchantOnboarding(
    IMerchantDirectory directory,
    IMerchantStatusStore statuses,
    ITokenSecretStore secrets,
    TokenRefreshLock locks,
    ICloverAccessTokenProvider tokens,
    TimeProvider time)
{
    /// <summary>Adds or updates the merchant (table store) and saves its tokens when given.</summary>
    /// <exception cref="ArgumentException">The merchant or the tokens are invalid (the message names the field, never a token).</exception>
    /// <exception cref="NotSupportedException">The configuration store cannot add this merchant, or no token store is configured.</exception>
    public async Task<MerchantEntry> SaveAsync(MerchantInfo merchant, TokenGrant? grant, CancellationToken cancellationToken = default)
    {
        var errors = Validate(merchant, grant);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(merchant));
        }

        if (directory.CanWrite)
        {
            await directory.UpsertAsync(merchant, cancellationToken);
        }
        else if (await directory.FindAsync(merchant.Id, cancellationToken) is null)
        {
            throw new NotSupportedException(
                $"Merchant {merchant.Id} is not in the Merchants:N settings, and Merchants:Store=Configuration cannot add it: add it to the settings or use Merchants:Store=Table.");
        }

        if (grant is not null)
        {
            await SaveTokensAsync(merchant.Id, grant, cancellationToken);
        }

        return new MerchantEntry(merchant, await statuses.GetStatusAsync(merchant.Id, cancellationToken));
    }

    /// <summary>False when merchants come from settings (<c>Merchants:Store=Configuration</c>): only tokens can be saved then.</summary>
    public bool CanWrite => directory.CanWrite;

    /// <summary>Every merchant, enabled or not, with its status.</summary>
    public async Task<IReadOnlyList<MerchantEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<MerchantEntry>();
        foreach (var merchant in await directory.ListAsync(cancellationToken))
        {
            entries.Add(new MerchantEntry(merchant, await statuses.GetStatusAsync(merchant.Id, cancellationToken)));
        }

        return entries;
    }

    /// <summary>Stops scheduled exports of the merchant; false when it is unknown.</summary>
    /// <exception cref="NotSupportedException">The configuration store is read-only.</exception>
    public Task<bool> DisableAsync(string merchantId, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId);
        return directory.SetEnabledAsync(merchantId, false, cancellationToken);
    }

    /// <summary>Resumes scheduled exports of the merchant; false when it is unknown.</summary>
    /// <exception cref="NotSupportedException">The configuration store is read-only.</exception>
    public Task<bool> EnableAsync(string merchantId, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId);
        return directory.SetEnabledAsync(merchantId, true, cancellationToken);
    }

    private async Task SaveTokensAsync(string merchantId, TokenGrant grant, CancellationToken cancellationToken)
    {
        // Fails first (before taking the lock) when there is no token store.
        var current = await secrets.ReadAsync(merchantId, cancellationToken);
        await using var held = await locks.AcquireAsync(merchantId, cancellationToken);
        current = await secrets.ReadAsync(merchantId, cancellationToken) ?? current;
        var now = time.GetUtcNow();
        await secrets.WriteAsync(merchantId, new TokenSet
        {
            AccessToken = grant.AccessToken ?? "",
            AccessTokenExpiresAt = grant.AccessToken is null ? null : grant.AccessTokenExpiresAt,
            RefreshToken = grant.RefreshToken,
            RefreshTokenExpiresAt = grant.RefreshTokenExpiresAt,
            Generation = (current?.Generation ?? 0) + 1,
            IssuedAt = now,
        }, cancellationToken);
        await held.WriteMarkerAsync(null, cancellationToken);
        await statuses.SetStatusAsync(merchantId, new MerchantStatus(MerchantHealth.Healthy, null, now), cancellationToken);
        (tokens as OAuthTokenProvider)?.Forget(merchantId);
    }

    private static List<string> Validate(MerchantInfo merchant, TokenGrant? grant)
    {
        var errors = new List<string>();
        if (!MerchantIds.IsValid(merchant.Id))
        {
            errors.Add($"id must be a Clover merchant id ({MerchantIds.Length} upper-case letters or digits).");
        }

        if (!CloverRegions.IsKnown(merchant.Region))
        {
            errors.Add($"region must be one of {string.Join(", ", CloverRegions.Names)}.");
        }

        if (merchant.BaseUrl is { } url && !CloverClientOptionsValidator.IsHttpUrl(url.OriginalString))
        {
            errors.Add("baseUrl must be an absolute http(s) URL.");
        }

        if (grant is not null)
        {
            if (string.IsNullOrWhiteSpace(grant.AccessToken) && string.IsNullOrWhiteSpace(grant.RefreshToken))
            {
                errors.Add("tokens need a refresh token (OAuth) or an access token (static).");
            }

            if (grant.AccessToken is { } access && (access.Length > 4096 || access.Any(char.IsWhiteSpace)))
            {
                errors.Add("accessToken is not a token (whitespace or too long).");
            }

            if (grant.RefreshToken is { } refresh && (refresh.Length > 4096 || refresh.Any(char.IsWhiteSpace)))
            {
                errors.Add("refreshToken is not a token (whitespace or too long).");
            }
        }

        return errors;
    }
}

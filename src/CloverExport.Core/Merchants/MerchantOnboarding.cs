using CloverExport.Core.Orchestration;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Options;

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
    IOptions<ExportOptions> exportOptions,
    TimeProvider time)
{
    /// <summary>Adds or updates the merchant (table store) and saves its tokens when given.</summary>
    /// <exception cref="MerchantFieldException">
    /// A field is invalid (the message names it, never a token), or, as a conflict, the settings store cannot add
    /// this merchant or no token store is configured.
    /// </exception>
    public Task<MerchantEntry> SaveAsync(MerchantInfo merchant, TokenGrant? grant, CancellationToken cancellationToken = default) =>
        SaveAsync(MerchantDraft.Of(merchant), grant, cancellationToken);

    /// <inheritdoc cref="SaveAsync(MerchantInfo, TokenGrant?, CancellationToken)"/>
    public async Task<MerchantEntry> SaveAsync(MerchantDraft draft, TokenGrant? grant, CancellationToken cancellationToken = default)
    {
        var (checkedMerchant, errors) = MerchantFieldValidator.Validate(
            draft, grant, new MerchantRules(exportOptions.Value.EarliestDataStart, BaseUrlAllowed: false, TokensRequired: false));
        var merchant = checkedMerchant ?? throw new MerchantFieldException(errors);
        if (grant is not null && secrets is NoTokenSecretStore)
        {
            throw new MerchantFieldException(
                MerchantField.Tokens,
                "cannot be saved: no token store is configured; set KeyVault:Uri (Azure) or Tokens:LocalEncryptionKey (local, base64 of 32 bytes).",
                isConflict: true);
        }

        // Tokens are bound to the API host they were issued for: a merchant moved to another region
        // must come with new ones, or the old pair would be sent to the new host.
        if (grant is null
            && await directory.FindAsync(merchant.Id, cancellationToken) is { } existing
            && !string.Equals(existing.Region, merchant.Region, StringComparison.OrdinalIgnoreCase)
            && await secrets.ReadAsync(merchant.Id, cancellationToken) is not null)
        {
            throw new MerchantFieldException(
                MerchantField.Tokens,
                $"are required: the region changes from {existing.Region} to {merchant.Region}, and the stored tokens were issued for {existing.Region}; send the merchant's tokens for {merchant.Region} with the change.");
        }

        if (directory.CanWrite)
        {
            await directory.UpsertAsync(merchant, cancellationToken);
        }
        else if (await directory.FindAsync(merchant.Id, cancellationToken) is null)
        {
            throw new MerchantFieldException(
                MerchantField.Id,
                "is not in the Merchants:N settings, and Merchants:Store=Configuration cannot add it: add it to the settings or use Merchants:Store=Table.",
                isConflict: true);
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
}

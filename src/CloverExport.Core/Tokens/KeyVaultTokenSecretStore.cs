using System.Text.Json;
using Azure;
using Azure.Security.KeyVault.Secrets;
using CloverExport.Core.Merchants;

namespace CloverExport.Core.Tokens;

/// <summary>
/// Token pairs as Key Vault secrets <c>clover-token-{merchant id in lower case}</c>, one JSON value per
/// merchant so access and refresh token rotate atomically (each save is a new secret version).
/// A plain (non-JSON) value is a static token put there by hand, as docs/deploy.md describes.
/// </summary>
public sealed class KeyVaultTokenSecretStore(SecretClient secrets) : ITokenSecretStore
{
    public const string SecretPrefix = "clover-token-";

    public static string SecretName(string merchantId) => SecretPrefix + merchantId.ToLowerInvariant();

    public async Task<TokenSet?> ReadAsync(string merchantId, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId);
        try
        {
            var secret = await secrets.GetSecretAsync(SecretName(merchantId), null, cancellationToken);
            return TokenSecrets.Parse(secret.Value.Value, merchantId);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw new TokenStoreException($"Key Vault did not return the token of merchant {merchantId} (HTTP {e.Status}, {e.ErrorCode}).", e);
        }
    }

    public async Task WriteAsync(string merchantId, TokenSet tokens, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId);
        var secret = new KeyVaultSecret(SecretName(merchantId), JsonSerializer.Serialize(tokens, TokenJsonContext.Default.TokenSet));
        secret.Properties.ContentType = "application/json";
        if (tokens.RefreshTokenExpiresAt is { } expires)
        {
            secret.Properties.ExpiresOn = expires;
        }

        try
        {
            await secrets.SetSecretAsync(secret, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new TokenStoreException($"Key Vault did not save the token of merchant {merchantId} (HTTP {e.Status}, {e.ErrorCode}).", e);
        }
    }
}

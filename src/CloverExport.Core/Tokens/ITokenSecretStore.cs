namespace CloverExport.Core.Tokens;

/// <summary>Where merchants' token pairs live: Key Vault in Azure, encrypted blobs locally. Never a table, never plain text.</summary>
public interface ITokenSecretStore
{
    /// <summary>The merchant's stored pair, or null when none was stored.</summary>
    Task<TokenSet?> ReadAsync(string merchantId, CancellationToken cancellationToken = default);

    /// <summary>Replaces the merchant's pair (both tokens at once).</summary>
    Task WriteAsync(string merchantId, TokenSet tokens, CancellationToken cancellationToken = default);
}

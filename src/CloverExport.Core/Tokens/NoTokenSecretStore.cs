namespace CloverExport.Core.Tokens;

/// <summary>Neither <c>KeyVault:Uri</c> nor <c>Tokens:LocalEncryptionKey</c> is set: only static configured tokens exist.</summary>
public sealed class NoTokenSecretStore : ITokenSecretStore
{
    public Task<TokenSet?> ReadAsync(string merchantId, CancellationToken cancellationToken = default) => Task.FromResult<TokenSet?>(null);

    public Task WriteAsync(string merchantId, TokenSet tokens, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("No token store is configured: set KeyVault:Uri (Azure) or Tokens:LocalEncryptionKey (local, base64 of 32 bytes).");
}

using CloverExport.Core.Tokens;

namespace CloverExport.Core.Tests.Tokens;

/// <summary>Wraps the real token store and fails the next <c>failures</c> writes: the process "dies" between Clover's answer and the save.</summary>
internal sealed class FailingTokenStore(ITokenSecretStore inner, int failures) : ITokenSecretStore
{
    private int remaining = failures;

    public Task<TokenSet?> ReadAsync(string merchantId, CancellationToken cancellationToken = default) => inner.ReadAsync(merchantId, cancellationToken);

    public Task WriteAsync(string merchantId, TokenSet tokens, CancellationToken cancellationToken = default) =>
        Interlocked.Decrement(ref remaining) >= 0
            ? throw new TokenStoreException("simulated crash before the save")
            : inner.WriteAsync(merchantId, tokens, cancellationToken);
}

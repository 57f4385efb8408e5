using CloverExport.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tokens;

public static class TokenServiceCollectionExtensions
{
    /// <summary>
    /// The token store chosen by <c>KeyVault:Uri</c> / <c>Tokens:LocalEncryptionKey</c> with the refreshing token
    /// provider; without a store the static <c>Merchants:N:Token</c> provider. Validated at start-up. Key Vault
    /// needs a <c>SecretClient</c>, the refresh locks a <c>BlobServiceClient</c>.
    /// </summary>
    public static IServiceCollection AddTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<TokenOptions, TokenOptionsValidator>(configuration.GetSection(TokenOptions.SectionName))
            .Configure(o => o.KeyVaultUri = configuration["KeyVault:Uri"]);

        services.TryAddSingleton<TokenContainer>();
        services.TryAddSingleton<TokenRefreshLock>();
        services.TryAddSingleton<KeyVaultTokenSecretStore>();
        services.TryAddSingleton<EncryptedBlobTokenSecretStore>();
        services.TryAddSingleton<ITokenSecretStore>(p => StoreKind(p) switch
        {
            TokenStoreKind.KeyVault => p.GetRequiredService<KeyVaultTokenSecretStore>(),
            TokenStoreKind.EncryptedBlobs => p.GetRequiredService<EncryptedBlobTokenSecretStore>(),
            _ => new NoTokenSecretStore(),
        });

        services.TryAddSingleton(new ConfigurationTokenProvider(configuration));
        services.TryAddSingleton<ICloverTokenRefresher, CloverTokenRefresher>();
        services.TryAddSingleton<OAuthTokenProvider>();
        services.TryAddSingleton<ICloverAccessTokenProvider>(p => StoreKind(p) == TokenStoreKind.None
            ? p.GetRequiredService<ConfigurationTokenProvider>()
            : p.GetRequiredService<OAuthTokenProvider>());

        // No logging handlers and no retries: the body carries the refresh token, and a retried refresh spends it twice.
        services.AddHttpClient(CloverTokenRefresher.HttpClientName)
            .ConfigureHttpClient((p, client) => client.Timeout = p.GetRequiredService<IOptions<Clover.CloverClientOptions>>().Value.AttemptTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        return services;
    }

    private static TokenStoreKind StoreKind(IServiceProvider provider) => provider.GetRequiredService<IOptions<TokenOptions>>().Value.StoreKind;
}

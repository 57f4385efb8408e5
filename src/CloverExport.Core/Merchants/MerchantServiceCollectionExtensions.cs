using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Merchants;

public static class MerchantServiceCollectionExtensions
{
    /// <summary>
    /// The merchant directory chosen by <c>Merchants:Store</c> (configuration list or table), the token store chosen by
    /// <c>KeyVault:Uri</c> / <c>Tokens:LocalEncryptionKey</c> with the refreshing token provider, and onboarding.
    /// Without a token store the static <c>Merchants:N:Token</c> provider is used, as before. All validated at start-up.
    /// </summary>
    public static IServiceCollection AddMerchants(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<MerchantStoreOptions>().Bind(configuration.GetSection(MerchantStoreOptions.SectionName)).ValidateOnStart();
        services.AddOptions<TokenOptions>()
            .Bind(configuration.GetSection(TokenOptions.SectionName))
            .Configure(o => o.KeyVaultUri = configuration["KeyVault:Uri"])
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TokenOptions>, TokenOptionsValidator>());

        services.TryAddSingleton(new ConfigurationMerchantDirectory(configuration));
        services.TryAddSingleton(new ConfigurationTokenProvider(configuration));
        services.TryAddSingleton<TokenContainer>();
        services.TryAddSingleton<TokenRefreshLock>();

        if (Enum.TryParse<MerchantStoreKind>(configuration["Merchants:Store"], ignoreCase: true, out var store) && store == MerchantStoreKind.Table)
        {
            services.TryAddSingleton<TableMerchantStore>();
            services.TryAddSingleton<IMerchantDirectory>(p => p.GetRequiredService<TableMerchantStore>());
            services.TryAddSingleton<IMerchantStatusStore>(p => p.GetRequiredService<TableMerchantStore>());
            services.TryAddSingleton<IMerchantRegistry>(p => p.GetRequiredService<TableMerchantStore>());
        }
        else
        {
            services.TryAddSingleton<IMerchantDirectory>(p => p.GetRequiredService<ConfigurationMerchantDirectory>());
            services.TryAddSingleton<IMerchantStatusStore, BlobMerchantStatusStore>();
            services.TryAddSingleton<IMerchantRegistry, ConfigurationMerchantRegistry>();
        }

        var tokens = new TokenOptions
        {
            KeyVaultUri = configuration["KeyVault:Uri"],
            LocalEncryptionKey = configuration["Tokens:LocalEncryptionKey"],
        };
        switch (tokens.StoreKind)
        {
            case TokenStoreKind.KeyVault:
                services.TryAddSingleton<ITokenSecretStore>(p => new KeyVaultTokenSecretStore(
                    new SecretClient(new Uri(p.GetRequiredService<IOptions<TokenOptions>>().Value.KeyVaultUri!), new DefaultAzureCredential())));
                break;
            case TokenStoreKind.EncryptedBlobs:
                services.TryAddSingleton<ITokenSecretStore, EncryptedBlobTokenSecretStore>();
                break;
            default:
                services.TryAddSingleton<ITokenSecretStore, NoTokenSecretStore>();
                break;
        }

        if (tokens.StoreKind != TokenStoreKind.None)
        {
            services.TryAddSingleton<ICloverTokenRefresher, CloverTokenRefresher>();
            services.TryAddSingleton<OAuthTokenProvider>();
            services.TryAddSingleton<ICloverAccessTokenProvider>(p => p.GetRequiredService<OAuthTokenProvider>());

            // No logging handlers and no retries: the body carries the refresh token, and a retried refresh spends it twice.
            services.AddHttpClient(CloverTokenRefresher.HttpClientName)
                .ConfigureHttpClient((p, client) => client.Timeout = p.GetRequiredService<IOptions<Clover.CloverClientOptions>>().Value.AttemptTimeout)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
                .RemoveAllLoggers();
        }

        services.TryAddSingleton<MerchantOnboarding>();
        return services.AddConfigurationMerchants(configuration);
    }

    /// <summary>
    /// The <c>Merchants:N</c> directory and token provider as defaults (TryAdd: a table store or an
    /// OAuth token provider registered first wins), with the entries validated at start-up.
    /// </summary>
    public static IServiceCollection AddConfigurationMerchants(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<IMerchantDirectory>(new ConfigurationMerchantDirectory(configuration));
        services.TryAddSingleton<ICloverAccessTokenProvider>(new ConfigurationTokenProvider(configuration));
        services.AddOptions<MerchantConfigurationValidation.Marker>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MerchantConfigurationValidation.Marker>>(
            new MerchantConfigurationValidation(configuration)));
        return services;
    }
}

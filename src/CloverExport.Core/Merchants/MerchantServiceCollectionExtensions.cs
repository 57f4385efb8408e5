using CloverExport.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Merchants;

public static class MerchantServiceCollectionExtensions
{
    /// <summary>
    /// The merchant directory chosen by <c>Merchants:Store</c> (the <c>Merchants:N</c> list or the table), where
    /// statuses are kept, and onboarding (which needs <c>AddTokens</c>). The list is validated at start-up.
    /// The table store needs a <c>TableServiceClient</c>, the blob statuses the token container.
    /// </summary>
    public static IServiceCollection AddMerchants(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<MerchantStoreOptions, MerchantStoreOptionsValidator>(configuration.GetSection(MerchantStoreOptions.SectionName));
        services.AddOptions<MerchantConfigurationValidation.Marker>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MerchantConfigurationValidation.Marker>>(
            new MerchantConfigurationValidation(configuration)));

        services.TryAddSingleton(new ConfigurationMerchantDirectory(configuration));
        services.TryAddSingleton<TableMerchantDirectory>();
        services.TryAddSingleton<BlobMerchantStatusStore>();
        services.TryAddSingleton<IMerchantDirectory>(p => UsesTable(p)
            ? p.GetRequiredService<TableMerchantDirectory>()
            : p.GetRequiredService<ConfigurationMerchantDirectory>());
        services.TryAddSingleton<IMerchantStatusStore>(p => UsesTable(p)
            ? p.GetRequiredService<TableMerchantDirectory>()
            : p.GetRequiredService<BlobMerchantStatusStore>());
        services.TryAddSingleton<MerchantOnboarding>();
        return services;
    }

    private static bool UsesTable(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<MerchantStoreOptions>>().Value.Store == MerchantStoreKind.Table;
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Merchants;

public static class MerchantServiceCollectionExtensions
{
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

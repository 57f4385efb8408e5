using CloverExport.Functions.Http;
using CloverExport.Functions.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CloverExport.Functions.Configuration;

public static class FunctionsServiceCollectionExtensions
{
    /// <summary>Adds what the triggers need on top of the shared pipeline: their settings (validated at start-up), the run starter and the slot board reader.</summary>
    public static IServiceCollection AddCloverExportFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FunctionsSettings>().Bind(configuration).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<MerchantRunStarter>();
        services.TryAddSingleton<ExportSlotsReader>();
        return services;
    }
}

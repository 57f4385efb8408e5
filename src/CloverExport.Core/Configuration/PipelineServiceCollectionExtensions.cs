using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Storage;
using CloverExport.Core.Tokens;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CloverExport.Core.Configuration;

/// <summary>Registers the export pipeline the same way in every host (Functions, CLI, tests).</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the pieces side by side: Azure clients (one credential), merchants, tokens, the Clover client,
    /// storage and the activities, with their settings (sections <c>Clover</c>, <c>Storage</c>, <c>Export</c>,
    /// <c>Merchants</c>, <c>Tokens</c>, <c>KeyVault</c>), each validated when the host starts.
    /// </summary>
    public static IServiceCollection AddCloverExportPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddCloverExportAzureClients();
        services.AddMerchants(configuration);
        services.AddTokens(configuration);
        services.AddCloverClient(configuration);

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ExportOptions>().Bind(configuration.GetSection(ExportOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton<ExportContainer>();
        services.TryAddSingleton<ExportFileCopier>();
        services.TryAddSingleton<WindowCatalog>();
        services.TryAddSingleton<IExportSlotGate, PerMerchantOnlySlotGate>();

        services.TryAddTransient<PlanExportActivity>();
        services.TryAddTransient<RequestExportSlotActivity>();
        services.TryAddTransient<ReleaseExportSlotActivity>();
        services.TryAddTransient<CreateExportActivity>();
        services.TryAddTransient<GetExportStatusActivity>();
        services.TryAddTransient<CopyExportFilesActivity>();
        services.TryAddTransient<CommitWindowActivity>();
        return services;
    }

    /// <summary>Registers the pipeline's orchestrators and activities with a Durable Task worker (CLI, tests).</summary>
    public static DurableTaskRegistry AddCloverExportTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<MerchantExportOrchestrator>();
        registry.AddOrchestrator<ExportWindowOrchestrator>();
        registry.AddActivity<PlanExportActivity>();
        registry.AddActivity<RequestExportSlotActivity>();
        registry.AddActivity<ReleaseExportSlotActivity>();
        registry.AddActivity<CreateExportActivity>();
        registry.AddActivity<GetExportStatusActivity>();
        registry.AddActivity<CopyExportFilesActivity>();
        registry.AddActivity<CommitWindowActivity>();
        return registry;
    }
}

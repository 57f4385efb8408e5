using CloverExport.Core.Clover;
using CloverExport.Core.Coverage;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Scheduling;
using CloverExport.Core.Storage;
using CloverExport.Core.Tokens;
using Microsoft.DurableTask;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Configuration;

/// <summary>Registers the export pipeline the same way in every host (Functions, CLI, tests).</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>The pipeline's activities, each under its type's name (the Functions host names them in its ActivityFunctions).</summary>
    private static readonly Type[] Activities =
    [
        typeof(PlanExportActivity),
        typeof(RequestExportSlotActivity),
        typeof(ReleaseExportSlotActivity),
        typeof(CreateExportActivity),
        typeof(GetExportStatusActivity),
        typeof(CopyExportFilesActivity),
        typeof(CommitWindowActivity),
        typeof(RecordWindowFailuresActivity),
    ];

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

        services.AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration.GetSection(StorageOptions.SectionName));
        services.AddValidatedOptions<ExportOptions, ExportOptionsValidator>(configuration.GetSection(ExportOptions.SectionName))
            .Configure<IOptions<CloverClientOptions>>((export, clover) => export.ConcurrencyRetryDelay = clover.Value.ConcurrencyRetryDelay);

        services.TryAddSingleton<ExportContainer>();
        services.TryAddSingleton<ExportFileCopier>();
        services.TryAddSingleton<WindowCatalog>();
        services.TryAddSingleton<WindowFailureLog>();
        services.TryAddSingleton<CoverageReader>();
        services.TryAddSingleton<BlobExportSlotScheduler>();
        services.TryAddSingleton<IExportSlotGate>(provider =>
            provider.GetRequiredService<IOptions<ExportOptions>>().Value.MaxExportsInFlightPerApp > 0
                ? provider.GetRequiredService<BlobExportSlotScheduler>()
                : new PerMerchantOnlySlotGate());

        foreach (var activity in Activities)
        {
            services.TryAddTransient(activity);
        }

        return services;
    }

    /// <summary>Registers the pipeline's orchestrators and activities with a Durable Task worker (CLI, tests).</summary>
    public static DurableTaskRegistry AddCloverExportTasks(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<MerchantExportOrchestrator>();
        registry.AddOrchestrator<ExportWindowOrchestrator>();
        foreach (var activity in Activities)
        {
            registry.AddActivity(activity);
        }

        return registry;
    }
}

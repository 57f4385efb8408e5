using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace CloverExport.Functions.Configuration;

/// <summary>
/// The worker's telemetry, in one place: Application Insights (classic SDK) with the Functions
/// worker's integration, and the redaction every item passes before it can be sent.
/// </summary>
public static class FunctionsTelemetry
{
    public static IServiceCollection AddCloverExportTelemetry(this IServiceCollection services)
    {
        services
            .AddApplicationInsightsTelemetryWorkerService()
            .ConfigureFunctionsApplicationInsights();
        // Dependency tracking hooks HttpClient's diagnostics directly and records each request's full
        // URL, so Clover's signed file links would reach telemetry; removing loggers does not stop it.
        services.AddSingleton<ITelemetryInitializer, UrlQueryRedactingInitializer>();
        return services;
    }
}

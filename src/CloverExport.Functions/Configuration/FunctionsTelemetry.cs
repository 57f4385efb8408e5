using Microsoft.ApplicationInsights.Extensibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CloverExport.Functions.Configuration;

/// <summary>
/// The worker's telemetry and log levels, in one place: Application Insights (classic SDK) with the
/// Functions worker's integration, the redaction every item passes before it can be sent, and filters.
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

    /// <summary>
    /// The worker's own log levels. The host files every worker line under <c>Function.{name}.User</c>,
    /// so host.json cannot tell them apart: per-request lines of the HTTP client (four per Clover call)
    /// and Polly's per-attempt lines stop here, and so do the Azure SDK's per-request lines (every storage
    /// call at Information); retries and failures (Warning and up) still go through.
    /// </summary>
    public static ILoggingBuilder AddCloverExportLogFilters(this ILoggingBuilder logging) => logging
        .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
        .AddFilter("Azure", LogLevel.Warning)
        .AddFilter("Polly", LogLevel.Warning);
}

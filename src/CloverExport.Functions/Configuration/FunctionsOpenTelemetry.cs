using Azure.Monitor.OpenTelemetry.Exporter;
using CloverExport.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CloverExport.Functions.Configuration;

/// <summary>
/// The pipeline's OpenTelemetry spans and metrics (and Durable Task's spans) to Azure Monitor, the
/// app's Application Insights. HTTP dependencies stay with the Application Insights SDK, which
/// already records them (with URL queries stripped), so they are not sent twice.
/// </summary>
public static class FunctionsOpenTelemetry
{
    /// <summary>The setting the infrastructure sets on the app; without it (local runs) nothing is exported.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static IServiceCollection AddCloverExportOpenTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration[ConnectionStringSetting];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return services;
        }

        services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddCloverExportTracing(httpClient: false).AddAzureMonitorTraceExporter(o => o.ConnectionString = connectionString))
            .WithMetrics(metrics => metrics.AddCloverExportMetrics().AddAzureMonitorMetricExporter(o => o.ConnectionString = connectionString));
        return services;
    }
}

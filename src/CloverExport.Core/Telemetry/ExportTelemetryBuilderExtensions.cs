using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CloverExport.Core.Telemetry;

/// <summary>What every host collects: the pipeline's own spans and metrics, Durable Task's spans, HttpClient spans (URL queries redacted by the instrumentation) and the Azure SDK's storage spans.</summary>
public static class ExportTelemetryBuilderExtensions
{
    /// <param name="httpClient">HttpClient spans; off where another SDK already records HTTP dependencies (the Functions app's Application Insights).</param>
    public static TracerProviderBuilder AddCloverExportTracing(this TracerProviderBuilder builder, bool httpClient = true)
    {
        // The Azure SDK creates its spans through an ActivitySource only when asked to.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        builder.AddSource(ExportTelemetry.Name, ExportTelemetry.DurableTaskSource, "Azure.Storage.Blobs.*", "Azure.Core.*");
        return httpClient ? builder.AddHttpClientInstrumentation(o => o.RecordException = false) : builder;
    }

    public static MeterProviderBuilder AddCloverExportMetrics(this MeterProviderBuilder builder) => builder.AddMeter(ExportTelemetry.Name);
}

using System.Globalization;
using CloverExport.Core.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CloverExport.Cli.Telemetry;

/// <summary>
/// The CLI's OpenTelemetry: traces and metrics to an OTLP collector when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// is set, and with <c>--metrics</c> a summary of every metric printed after the run.
/// </summary>
internal sealed class CliTelemetry : IDisposable
{
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private readonly TracerProvider? tracing;
    private readonly MeterProvider? metering;
    private readonly List<Metric>? collected;

    private CliTelemetry(TracerProvider? tracing, MeterProvider? metering, List<Metric>? collected)
    {
        this.tracing = tracing;
        this.metering = metering;
        this.collected = collected;
    }

    public static CliTelemetry Start(IConfiguration configuration, bool printMetrics)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]);
        var tracing = otlp ? Sdk.CreateTracerProviderBuilder().AddCloverExportTracing().AddOtlpExporter().Build() : null;
        if (!otlp && !printMetrics)
        {
            return new CliTelemetry(tracing, null, null);
        }

        var collected = printMetrics ? new List<Metric>() : null;
        var metrics = Sdk.CreateMeterProviderBuilder().AddCloverExportMetrics();
        if (collected is not null)
        {
            metrics.AddInMemoryExporter(collected);
        }

        if (otlp)
        {
            metrics.AddOtlpExporter();
        }

        return new CliTelemetry(tracing, metrics.Build(), collected);
    }

    /// <summary>With <c>--metrics</c>: one line per metric and tag set, <c>metric: name{tag=value,...} value</c>.</summary>
    public void WriteSummary(TextWriter output)
    {
        if (collected is null || metering is null)
        {
            return;
        }

        metering.ForceFlush();
        // Each flush exports every metric's cumulative state: the last export of a name is its total.
        foreach (var metric in collected.GroupBy(m => m.Name).Select(g => g.Last()).OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var tags = new List<string>();
                foreach (var tag in point.Tags)
                {
                    tags.Add($"{tag.Key}={tag.Value}");
                }

                var value = metric.MetricType switch
                {
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    MetricType.DoubleGauge => (long)point.GetGaugeLastValueDouble(),
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => (long)point.GetSumDouble(),
                    _ => point.GetHistogramCount(),
                };
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"metric: {metric.Name}{{{string.Join(',', tags.Order(StringComparer.Ordinal))}}} {value}"));
            }
        }
    }

    public void Dispose()
    {
        tracing?.Dispose();
        metering?.Dispose();
    }
}

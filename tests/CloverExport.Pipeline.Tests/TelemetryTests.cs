using System.Diagnostics;
using CloverExport.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CloverExport.Pipeline.Tests;

/// <summary>
/// The telemetry of a real run (in-process engine, emulator, Azurite) collected with OpenTelemetry's
/// in-memory exporters. The meter is process-wide, so this class runs alone (no other run adds to the counts).
/// </summary>
[Collection(nameof(TelemetryTests))]
public class TelemetryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string MerchantId = "TELEMETRY0001";

    [Fact]
    public async Task A_run_traces_each_window_from_its_orchestration_to_clover_and_storage_and_counts_what_it_did_without_secrets()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddCloverExportTracing().AddInMemoryExporter(spans).Build();
        using var metering = Sdk.CreateMeterProviderBuilder().AddCloverExportMetrics().AddInMemoryExporter(metrics).Build();
        var from = Scenario.DataStart;
        var to = from.AddDays(44).AddMilliseconds(-1);
        var merchant = Scenario.Merchant(MerchantId, from, to, ordersPerDay: 40);
        await using var harness = await PipelineHarness.StartAsync(azurite.Azurite, Scenario.Emulator(merchant));

        var (result, _) = await harness.RunAsync(new MerchantExportInput(MerchantId, [ExportType.Orders], from, to));
        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        tracing.ForceFlush();
        metering.ForceFlush();

        var ours = spans.Where(s => s.Source.Name == ExportTelemetry.Name && Equals(s.GetTagItem("cloverexport.merchant_id"), MerchantId)).ToList();
        foreach (var name in new[] { "CreateExport", "GetExportStatus", "CopyExportFiles", "CommitWindow" })
        {
            Assert.Contains(ours, s => s.DisplayName == name);
        }

        // Each copy sits in one trace with Durable Task's spans above it and HTTP and storage calls below it.
        var copy = ours.First(s => s.DisplayName == "CopyExportFiles");
        var trace = spans.Where(s => s.TraceId == copy.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name == ExportTelemetry.DurableTaskSource && s.SpanId == copy.ParentSpanId);
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full") is string url && url.Contains("/files/", StringComparison.Ordinal) && IsUnder(s, copy, trace));
        Assert.Contains(trace, s => s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal) && IsUnder(s, copy, trace));
        Assert.Contains(spans, s => s.Source.Name == ExportTelemetry.DurableTaskSource && s.DisplayName.Contains(TaskNames.ExportWindow, StringComparison.Ordinal));

        // No token, no signature, no query value anywhere.
        var values = spans.SelectMany(s => s.TagObjects.Select(t => t.Value?.ToString() ?? string.Empty).Append(s.DisplayName)).ToList();
        Assert.DoesNotContain(values, v => v.Contains(merchant.Token, StringComparison.Ordinal));
        Assert.DoesNotContain(values, v => v.Contains("Bearer", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(values, v => v.Contains("sig=", StringComparison.OrdinalIgnoreCase) || v.Contains("expires=", StringComparison.OrdinalIgnoreCase));
        // The file downloads are traced, with the signed link's query replaced as a whole.
        var downloads = spans.Where(s => s.GetTagItem("url.full") is string u && u.Contains("/files/", StringComparison.Ordinal)).ToList();
        Assert.True(downloads.Count >= result.Totals.Files, $"{downloads.Count} file download spans for {result.Totals.Files} files");
        Assert.All(downloads, d => Assert.EndsWith("?*", (string)d.GetTagItem("url.full")!, StringComparison.Ordinal));

        Assert.Equal(result.Totals.Objects, Sum(metrics, "cloverexport.copy.objects", ("type", "ORDERS")));
        Assert.True(Sum(metrics, "cloverexport.copy.bytes", ("type", "ORDERS")) >= result.Totals.Bytes);
        Assert.Equal(result.Totals.WindowsDone, Sum(metrics, "cloverexport.windows", ("outcome", "done")));
        Assert.True(Sum(metrics, "cloverexport.clover.answers", ("operation", "Create")) >= result.Totals.ExportsCreated);
        Assert.True(Sum(metrics, "cloverexport.clover.answers", ("operation", "File")) >= result.Totals.Files);
        Assert.Contains(metrics, m => m.Name == "cloverexport.slots.limit");
    }

    private static bool IsUnder(Activity span, Activity ancestor, List<Activity> trace)
    {
        for (var current = span; current is not null; current = trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The metric's value summed over the points whose tags include <paramref name="tags"/>.</summary>
    private static long Sum(List<Metric> metrics, string name, params (string Key, string Value)[] tags)
    {
        var metric = metrics.LastOrDefault(m => m.Name == name);
        if (metric is null)
        {
            return 0;
        }

        long sum = 0;
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var pointTags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                pointTags[tag.Key] = tag.Value;
            }

            if (tags.All(t => Equals(pointTags.GetValueOrDefault(t.Key)?.ToString(), t.Value)))
            {
                sum += point.GetSumLong();
            }
        }

        return sum;
    }
}

[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryTestsCollection;

using System.Collections.Concurrent;
using Microsoft.ApplicationInsights.Channel;

namespace CloverExport.Functions.Tests;

/// <summary>An in-memory Application Insights channel: keeps every item the SDK would send.</summary>
public sealed class CapturingTelemetryChannel : ITelemetryChannel
{
    private readonly ConcurrentQueue<ITelemetry> items = new();

    public IReadOnlyCollection<ITelemetry> Items => items;

    public bool? DeveloperMode { get; set; }

    public string EndpointAddress { get; set; } = "http://127.0.0.1:9/never-sent";

    public void Send(ITelemetry item) => items.Enqueue(item);

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}

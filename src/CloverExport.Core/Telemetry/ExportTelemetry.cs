using System.Diagnostics;
using System.Diagnostics.Metrics;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using Microsoft.DurableTask;

namespace CloverExport.Core.Telemetry;

/// <summary>
/// The pipeline's traces and metrics, defined once: an <see cref="ActivitySource"/> whose spans sit
/// under Durable Task's orchestration and activity spans (so a window's Clover calls and blob writes
/// share its trace), and a <see cref="Meter"/>. Tags hold ids, types, statuses and reasons, never a
/// token or a file link. Orchestrator call sites pass their context: nothing is recorded on replay.
/// </summary>
public static class ExportTelemetry
{
    public const string Name = "CloverExport";

    /// <summary>What Microsoft.DurableTask 1.28's gRPC worker and client trace under (orchestrations, activities, timers, sub-orchestrations).</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    private static readonly Counter<long> CloverAnswers = Meter.CreateCounter<long>("cloverexport.clover.answers", "{answer}", "Clover's HTTP answers, by operation and status code.");
    private static readonly Counter<long> Waits = Meter.CreateCounter<long>("cloverexport.exports.waits", "{wait}", "Times an export had to wait, by reason (ClosedHours, Concurrency, RateLimit, ServerError, Slot).");
    private static readonly UpDownCounter<long> Waiting = Meter.CreateUpDownCounter<long>("cloverexport.exports.waiting", "{export}", "Exports waiting on a durable timer right now, by reason.");
    private static long slotsInUse;
    private static long slotLimit;
    private static readonly Counter<long> SlotRefusals = Meter.CreateCounter<long>("cloverexport.slots.refused", "{request}", "Slot requests refused (come back later).");
    private static readonly Counter<long> BytesCopied = Meter.CreateCounter<long>("cloverexport.copy.bytes", "By", "Bytes of export files copied to storage (JSON, before gzip), by type.");
    private static readonly Counter<long> ObjectsCopied = Meter.CreateCounter<long>("cloverexport.copy.objects", "{object}", "Objects copied to storage, by type.");
    private static readonly Counter<long> Windows = Meter.CreateCounter<long>("cloverexport.windows", "{window}", "Windows finished, by type and outcome (done, failed).");
    private static readonly Counter<long> TokenRefreshes = Meter.CreateCounter<long>("cloverexport.token.refreshes", "{refresh}", "OAuth token refreshes, by outcome (refreshed, refused).");

    /// <summary>A span for one step of a window, tagged with what identifies it.</summary>
    public static Activity? StartWindowSpan(string name, string merchantId, ExportWindow window, string? exportId = null)
    {
        var span = Source.StartActivity(name, ActivityKind.Internal);
        span?.SetTag("cloverexport.merchant_id", merchantId)
            .SetTag("cloverexport.type", window.Type.ToWireName())
            .SetTag("cloverexport.window.start", window.Start.ToString("O"))
            .SetTag("cloverexport.window.end", window.End.ToString("O"))
            .SetTag("cloverexport.export_id", exportId);
        return span;
    }

    /// <summary>A span for a step of a merchant that is not one window (planning, a status poll).</summary>
    public static Activity? StartMerchantSpan(string name, string merchantId, string? exportId = null) =>
        Source.StartActivity(name, ActivityKind.Internal)?.SetTag("cloverexport.merchant_id", merchantId).SetTag("cloverexport.export_id", exportId);

    public static void CloverAnswered(string operation, int statusCode) =>
        CloverAnswers.Add(1, new("operation", operation), new("status", statusCode));

    public static void Copied(ExportType type, long objects, long bytes)
    {
        var tag = new KeyValuePair<string, object?>("type", type.ToWireName());
        ObjectsCopied.Add(objects, tag);
        BytesCopied.Add(bytes, tag);
    }

    public static void WindowFinished(ExportType type, bool done) =>
        Windows.Add(1, new("type", type.ToWireName()), new("outcome", done ? "done" : "failed"));

    public static void TokenRefreshed(bool refreshed) => TokenRefreshes.Add(1, new KeyValuePair<string, object?>("outcome", refreshed ? "refreshed" : "refused"));

    static ExportTelemetry()
    {
        Meter.CreateObservableGauge("cloverexport.slots.in_use", () => Interlocked.Read(ref slotsInUse), "{slot}", "App-wide export slots held (the exports in flight), as the scheduler last reported.");
        Meter.CreateObservableGauge("cloverexport.slots.limit", () => Interlocked.Read(ref slotLimit), "{slot}", "The scheduler's current app-wide limit.");
    }

    /// <summary>The scheduler's answer to a slot request: its slot use and limit, and a refusal counted.</summary>
    public static void SlotDecided(bool granted, int inUse, int limit)
    {
        Interlocked.Exchange(ref slotsInUse, inUse);
        Interlocked.Exchange(ref slotLimit, limit);
        if (!granted)
        {
            SlotRefusals.Add(1);
        }
    }

    /// <summary>Before a durable timer that waits for <paramref name="reason"/>; pair with <see cref="WaitEnded"/> after it.</summary>
    public static void WaitStarted(TaskOrchestrationContext context, string? reason)
    {
        if (!context.IsReplaying)
        {
            var tag = new KeyValuePair<string, object?>("reason", reason ?? "unknown");
            Waits.Add(1, tag);
            Waiting.Add(1, tag);
        }
    }

    public static void WaitEnded(TaskOrchestrationContext context, string? reason)
    {
        if (!context.IsReplaying)
        {
            Waiting.Add(-1, new KeyValuePair<string, object?>("reason", reason ?? "unknown"));
        }
    }
}

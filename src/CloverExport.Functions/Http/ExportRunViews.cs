using CloverExport.Core.Orchestration;
using Microsoft.DurableTask.Client;

namespace CloverExport.Functions.Http;

/// <summary>
/// <c>GET exports/{instanceId}</c>: a merchant run (or any pipeline instance). <see cref="Progress"/> is the
/// run's <see cref="ExportProgress"/>; <see cref="Windows"/> the live status of each active child instance;
/// <see cref="Output"/> the <see cref="MerchantExportResult"/> once completed; <see cref="Failure"/> the
/// error message of a failed instance.
/// </summary>
public sealed record ExportRunView(
    string InstanceId,
    string Name,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    MerchantExportInput? Input,
    ExportProgress? Progress,
    IReadOnlyList<WindowView> Windows,
    MerchantExportResult? Output,
    string? Failure);

/// <summary>An active window of a run and, when it has one, its child instance's <see cref="WindowProgress"/>.</summary>
public sealed record WindowView(ActiveWindow Window, OrchestrationRuntimeStatus? RuntimeStatus, WindowProgress? Progress);

/// <summary>One entry of <c>GET exports</c>.</summary>
public sealed record ExportRunSummary(
    string InstanceId,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    ExportProgress? Progress);

public sealed record ExportRunList(IReadOnlyList<ExportRunSummary> Runs);

/// <summary>
/// Answer of <c>POST exports</c>: the names follow Durable Functions' check-status payload, but the
/// URLs are this API's own routes and carry no key: the caller adds its own <c>code</c> or <c>x-functions-key</c>.
/// </summary>
public sealed record ExportStarted(string Id, string StatusQueryGetUri, string TerminatePostUri);

public sealed record ExportCancelled(string Id, string Status);

public sealed record MerchantWatermarks(string MerchantId, IReadOnlyDictionary<string, Core.Storage.Watermark?> Watermarks);

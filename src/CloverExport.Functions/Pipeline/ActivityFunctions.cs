using CloverExport.Core.Coverage;
using CloverExport.Core.Orchestration;

namespace CloverExport.Functions.Pipeline;

/// <summary>The shared activities under their shared names; each forwards to the activity class from DI.</summary>
public sealed class ActivityFunctions(
    PlanExportActivity plan,
    RequestExportSlotActivity requestSlot,
    ReleaseExportSlotActivity releaseSlot,
    CreateExportActivity createExport,
    GetExportStatusActivity getExportStatus,
    CopyExportFilesActivity copyFiles,
    CommitWindowActivity commit,
    RecordWindowFailuresActivity recordFailures)
{
    [Function(TaskNames.PlanExport)]
    public Task<ExportPlan> PlanExport([ActivityTrigger] PlanRequest request, CancellationToken cancellationToken) =>
        plan.ExecuteAsync(request, cancellationToken);

    [Function(TaskNames.RequestExportSlot)]
    public Task<ExportSlotDecision> RequestExportSlot([ActivityTrigger] ExportSlotRequest request, CancellationToken cancellationToken) =>
        requestSlot.ExecuteAsync(request, cancellationToken);

    [Function(TaskNames.ReleaseExportSlot)]
    public Task<ExportSlotReleased> ReleaseExportSlot([ActivityTrigger] ExportSlotRelease release, CancellationToken cancellationToken) =>
        releaseSlot.ExecuteAsync(release, cancellationToken);

    [Function(TaskNames.CreateExport)]
    public Task<CloverCallResult> CreateExport([ActivityTrigger] CreateExportRequest request, CancellationToken cancellationToken) =>
        createExport.ExecuteAsync(request, cancellationToken);

    [Function(TaskNames.GetExportStatus)]
    public Task<CloverCallResult> GetExportStatus([ActivityTrigger] ExportStatusRequest request, CancellationToken cancellationToken) =>
        getExportStatus.ExecuteAsync(request, cancellationToken);

    [Function(TaskNames.CopyExportFiles)]
    public Task<CopyFilesResult> CopyExportFiles([ActivityTrigger] CopyFilesRequest request, CancellationToken cancellationToken) =>
        copyFiles.ExecuteAsync(request, cancellationToken);

    [Function(TaskNames.CommitWindow)]
    public Task<CommitWindowResult> CommitWindow([ActivityTrigger] CommitWindowRequest request, CancellationToken cancellationToken) =>
        commit.ExecuteAsync(request, cancellationToken);

    [Function(TaskNames.RecordWindowFailures)]
    public Task<bool> RecordWindowFailures([ActivityTrigger] RecordWindowFailuresRequest request, CancellationToken cancellationToken) =>
        recordFailures.ExecuteAsync(request, cancellationToken);
}

using CloverExport.Core.Orchestration;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Coverage;

public sealed record RecordWindowFailuresRequest(string MerchantId, IReadOnlyList<WindowFailure> Failures);

/// <summary>Writes a generation's failed windows to the <see cref="WindowFailureLog"/>.</summary>
public sealed class RecordWindowFailuresActivity(WindowFailureLog log) : PipelineActivity<RecordWindowFailuresRequest, bool>
{
    public override async Task<bool> ExecuteAsync(RecordWindowFailuresRequest request, CancellationToken cancellationToken)
    {
        await log.RecordAsync(request.MerchantId, request.Failures, cancellationToken);
        foreach (var failure in request.Failures)
        {
            ExportTelemetry.WindowFinished(failure.Window.Type, done: false);
        }
        return true;
    }
}

using CloverExport.Core.Orchestration;
using Microsoft.DurableTask;
using CloverExport.Core.Telemetry;

namespace CloverExport.Core.Coverage;

public sealed record RecordWindowFailuresRequest(string MerchantId, IReadOnlyList<WindowFailure> Failures);

/// <summary>Writes a generation's failed windows to the <see cref="WindowFailureLog"/>.</summary>
public sealed class RecordWindowFailuresActivity(WindowFailureLog log) : TaskActivity<RecordWindowFailuresRequest, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RecordWindowFailuresRequest input) => ExecuteAsync(input, CancellationToken.None);

    public async Task<bool> ExecuteAsync(RecordWindowFailuresRequest request, CancellationToken cancellationToken)
    {
        await log.RecordAsync(request.MerchantId, request.Failures, cancellationToken);
        foreach (var failure in request.Failures)
        {
            ExportTelemetry.WindowFinished(failure.Window.Type, done: false);
        }
        return true;
    }
}

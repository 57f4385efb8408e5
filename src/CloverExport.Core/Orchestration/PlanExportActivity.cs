using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Orchestration;

/// <param name="Now">The orchestration's current time, so planning does not depend on when the activity runs.</param>
public sealed record PlanRequest(MerchantExportInput Input, DateTimeOffset Now);

/// <summary>The next windows of a run (at most one generation's worth) and how many follow.</summary>
/// <param name="EndClamped">The requested end was later than the settled end (now minus the settle lag, aligned): the run stops at <see cref="Until"/>.</param>
public sealed record ExportPlan(
    IReadOnlyList<ExportType> Types,
    DateTimeOffset From,
    DateTimeOffset Until,
    IReadOnlyList<ExportWindow> Windows,
    int RemainingAfter,
    ExportPolicy Policy,
    string? Error = null,
    bool EndClamped = false);

/// <summary>
/// Decides what a run exports next: resolves the merchant and the range, and subtracts what the
/// container's manifests already cover, so re-runs and overlapping requests never copy data twice;
/// incremental runs add the due revisits of committed windows (new snapshots, see <see cref="RevisitPlanner"/>).
/// A merchant whose tokens Clover refused (needs re-auth) is refused here, with the reason, before any window starts.
/// </summary>
public sealed class PlanExportActivity(IMerchantDirectory merchants, IMerchantStatusStore statuses, WindowCatalog catalog, IOptions<ExportOptions> options)
    : PipelineActivity<PlanRequest, ExportPlan>
{
    public override async Task<ExportPlan> ExecuteAsync(PlanRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var policy = settings.ToPolicy();
        var input = request.Input;
        var merchant = MerchantIds.IsValid(input.MerchantId) ? await merchants.FindAsync(input.MerchantId, cancellationToken) : null;
        if (merchant is null)
        {
            return Rejected($"Merchant '{(MerchantIds.IsValid(input.MerchantId) ? input.MerchantId : "(invalid id)")}' is not configured.");
        }

        if (await statuses.GetStatusAsync(merchant.Id, cancellationToken) is { Health: MerchantHealth.NeedsReauth } status)
        {
            return Rejected(status.LastError ?? $"Merchant {merchant.Id} needs re-authorization.");
        }

        var types = input.Types is { Count: > 0 } requested ? requested.Distinct().ToList()
            : merchant.Types is { Count: > 0 } own ? own.ToList()
            : settings.ParsedTypes().ToList();
        // Whatever the host and whatever was asked: never cover time that is not settled yet, or a
        // committed manifest would claim time whose objects do not exist yet, for good.
        var settled = SettledEnd.At(request.Now, settings.SettleLag, settings.RunEndAlignment);
        var asked = input.Continuation?.Until ?? input.To ?? settled;
        var until = asked < settled ? asked : settled;
        var clamped = input.To is { } to && to > until;
        var from = input.From ?? merchant.BackfillStart ?? settings.BackfillStart;
        if (from > until)
        {
            return input.IsIncremental
                ? new ExportPlan(types, from, until, [], 0, policy)
                : Rejected(clamped
                    ? $"The range starts ({from:O}) after the newest settled instant ({until:O}, now minus Export:SettleLag, aligned to Export:RunEndAlignment)."
                    : $"The range starts ({from:O}) after it ends ({until:O}).");
        }

        var current = await catalog.CurrentSnapshotsAsync(merchant.Id, types, cancellationToken);

        var coverage = current.ToDictionary(c => c.Key, c => TimeRangeSet.Of(c.Value.Select(s => s.Window)));
        var windows = WindowPlanner.Plan(types, from, until, coverage);

        // Incremental runs also export again the windows whose revisit is due; a backfill of a
        // chosen range does not (old data's first export is already past every revisit age).
        var revisits = input.IsIncremental
            ? RevisitPlanner.Due(current.Values.SelectMany(s => s), settings.RevisitAges(), request.Now)
            : [];
        var after = input.Continuation?.After;
        var pending = windows.Concat(revisits)
            .Where(w => after is null || WindowKey.Of(w).CompareTo(after) > 0)
            .OrderBy(w => w.Start).ThenBy(w => w.Type)
            .ToList();
        var batch = pending.Take(policy.WindowsPerGeneration).ToList();
        return new ExportPlan(types, from, until, batch, pending.Count - batch.Count, policy, EndClamped: clamped);

        ExportPlan Rejected(string reason) => new([], default, default, [], 0, policy, reason);
    }
}

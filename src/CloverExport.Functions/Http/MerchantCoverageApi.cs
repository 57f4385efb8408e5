using CloverExport.Core.Coverage;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using CloverExport.Functions.Scheduling;

namespace CloverExport.Functions.Http;

/// <summary><c>GET merchants/{merchantId}/coverage</c>: each 30-day block's state per type, with what the merchant's run is working on now.</summary>
public sealed class MerchantCoverageApi(IMerchantDirectory merchants, CoverageReader reader)
{
    [Function("GetMerchantCoverage")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/coverage")] HttpRequest request,
        string merchantId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var rangeProblem = ReadRange(request, out var from, out var to);
        if ((MerchantLookup.CheckId(merchantId) ?? rangeProblem) is { } problem)
        {
            return ApiResponse.Problem(problem);
        }

        var (merchant, missing) = await MerchantLookup.FindAsync(merchants, merchantId, cancellationToken);
        return merchant is null
            ? ApiResponse.Problem(missing!)
            : ApiResponse.Json(StatusCodes.Status200OK, await ReadAsync(reader, client, merchant, from, to, cancellationToken));
    }

    /// <summary>The merchant's coverage, with the windows its active run lists as exporting or copying.</summary>
    internal static async Task<MerchantCoverageResponse> ReadAsync(
        CoverageReader reader, DurableTaskClient client, MerchantInfo merchant, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var run = await client.GetInstanceAsync(TaskNames.MerchantInstanceId(merchant.Id), getInputsAndOutputs: true, cancellationToken);
        var running = run is not null && MerchantRunStarter.IsActive(run.RuntimeStatus)
            ? CoverageReader.RunningWindows(run.ReadCustomStatusAs<ExportProgress>())
            : [];
        return MerchantCoverageResponse.Of(await reader.ReadAsync(merchant, from, to, running, cancellationToken));
    }

    /// <summary>The optional <c>from</c> and <c>to</c> days (UTC, yyyy-MM-dd; <c>to</c> inclusive); a problem when malformed or reversed.</summary>
    internal static ApiProblem? ReadRange(HttpRequest request, out DateTimeOffset? from, out DateTimeOffset? to)
    {
        from = to = null;
        foreach (var name in new[] { "from", "to" })
        {
            if (!request.Query.TryGetValue(name, out var raw))
            {
                continue;
            }

            if (!ExportDays.TryParse(raw.ToString(), out var day))
            {
                return ApiProblem.Validation(name, $"'{name}' must be a day, {ExportDays.Format}.");
            }

            if (name == "from")
            {
                from = ExportDays.StartOf(day);
            }
            else
            {
                to = ExportDays.EndOf(day);
            }
        }

        return from > to ? ApiProblem.Validation("from", "'from' must not be after 'to'.") : null;
    }
}

/// <summary>The JSON of one merchant's coverage; see docs/functions.md.</summary>
/// <param name="Horizon">Blocks are judged up to this instant: now minus <c>Export:SettleLag</c>, aligned to <c>Export:RunEndAlignment</c>.</param>
public sealed record MerchantCoverageResponse(string MerchantId, DateTimeOffset BackfillStart, DateTimeOffset Horizon, DateTimeOffset ComputedAt, IReadOnlyList<TypeCoverageResponse> Types)
{
    public static MerchantCoverageResponse Of(MerchantCoverage coverage) => new(
        coverage.MerchantId,
        coverage.BackfillStart,
        coverage.Horizon,
        coverage.ComputedAt,
        [.. coverage.Types.Select(t => new TypeCoverageResponse(t.Type, t.CommittedWindows, t.IncompleteWindows, [.. t.Blocks.Select(b => new CoverageBlockResponse(
            b.Start, b.End, b.State, b.CoveredThrough, b.SnapshotAt,
            b.SnapshotAt is { } at ? (long)(coverage.ComputedAt - at).TotalSeconds : null,
            b.LastFailure, b.FailedAt))]))]);
}

/// <param name="Type">ORDERS or PAYMENTS.</param>
/// <param name="CommittedWindows">Windows with a manifest.</param>
/// <param name="IncompleteWindows">Window folders with files but no manifest (an export cut short).</param>
public sealed record TypeCoverageResponse(string Type, int CommittedWindows, int IncompleteWindows, IReadOnlyList<CoverageBlockResponse> Blocks);

/// <summary>One 30-day block.</summary>
/// <param name="CoveredThrough">Stored data reaches this instant from the block's (or the backfill's) start; null when it does not start there.</param>
/// <param name="SnapshotAt">When the block's oldest stored window was taken from Clover.</param>
/// <param name="SnapshotAgeSeconds">Seconds from <see cref="SnapshotAt"/> to the computation.</param>
/// <param name="LastFailure">For a failed block: the last reason recorded.</param>
public sealed record CoverageBlockResponse(
    DateTimeOffset Start,
    DateTimeOffset End,
    BlockState State,
    DateTimeOffset? CoveredThrough,
    DateTimeOffset? SnapshotAt,
    long? SnapshotAgeSeconds,
    string? LastFailure,
    DateTimeOffset? FailedAt);

using System.Globalization;
using CloverExport.Core.Coverage;
using CloverExport.Core.Merchants;
using Microsoft.AspNetCore.Http.Extensions;

namespace CloverExport.Functions.Http;

/// <summary>
/// <c>GET coverage</c>: every enabled merchant's coverage, a page at a time in merchant id order;
/// <c>next</c> is the URL of the following page (null on the last).
/// </summary>
public sealed class CoverageApi(IMerchantDirectory merchants, CoverageReader reader)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [Function("GetCoverage")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "coverage")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var limit = DefaultLimit;
        if (request.Query.TryGetValue("limit", out var raw)
            && (!int.TryParse(raw.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            return ApiResponse.Problem(ApiProblem.Validation("limit", $"'limit' must be a whole number from 1 to {MaxLimit}."));
        }

        var after = request.Query.TryGetValue("after", out var cursor) ? cursor.ToString() : null;
        if (after is not null && !MerchantIds.IsValid(after))
        {
            return ApiResponse.Problem(ApiProblem.Validation("after", "'after' must be the last merchant id of the previous page."));
        }

        if (MerchantCoverageApi.ReadRange(request, out var from, out var to) is { } problem)
        {
            return ApiResponse.Problem(problem);
        }

        var remaining = (await merchants.ListEnabledAsync(cancellationToken))
            .Where(m => after is null || string.CompareOrdinal(m.Id, after) > 0)
            .OrderBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
        var page = new List<MerchantCoverageResponse>();
        foreach (var merchant in remaining.Take(limit))
        {
            page.Add(await MerchantCoverageApi.ReadAsync(reader, client, merchant, from, to, cancellationToken));
        }

        string? next = null;
        if (remaining.Count > limit)
        {
            var query = QueryString.Create(request.Query.Where(q => q.Key != "after").SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))))
                .Add("after", page[^1].MerchantId);
            next = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query);
        }

        return ApiResponse.Json(StatusCodes.Status200OK, new CoveragePage(page, next));
    }
}

/// <summary>One page of <c>GET coverage</c>.</summary>
public sealed record CoveragePage(IReadOnlyList<MerchantCoverageResponse> Merchants, string? Next);

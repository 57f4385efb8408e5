using CloverExport.Core.Merchants;

namespace CloverExport.Functions.Http;

/// <summary>The merchant a request names, or the problem to answer: a malformed id (400), an unknown merchant (404), a disabled one (409).</summary>
public static class MerchantLookup
{
    public static ApiProblem? CheckId(string? merchantId) => MerchantIds.IsValid(merchantId)
        ? null
        : ApiProblem.Validation("merchantId", $"'merchantId' must be a Clover merchant id: {MerchantIds.Length} upper-case letters or digits.");

    public static async Task<(MerchantInfo? Merchant, ApiProblem? Problem)> FindAsync(IMerchantDirectory merchants, string? merchantId, CancellationToken cancellationToken)
    {
        if (CheckId(merchantId) is { } malformed)
        {
            return (null, malformed);
        }

        var merchant = await merchants.FindAsync(merchantId!, cancellationToken);
        return merchant is null ? (null, ApiProblem.NotFound("merchantId", $"Merchant '{merchantId}' is not configured.")) : (merchant, null);
    }

    public static async Task<(MerchantInfo? Merchant, ApiProblem? Problem)> FindEnabledAsync(IMerchantDirectory merchants, string? merchantId, CancellationToken cancellationToken)
    {
        var (merchant, problem) = await FindAsync(merchants, merchantId, cancellationToken);
        return merchant is { Enabled: false }
            ? (null, ApiProblem.Conflict("merchantId", $"Merchant '{merchantId}' is disabled; enable it with POST /api/merchants/{merchantId}/enable."))
            : (merchant, problem);
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CloverExport.Emulator.State;

namespace CloverExport.Emulator.Api;

/// <summary>
/// What every /v3 call goes through before its handler: merchant lookup (404), token check (401),
/// the per-token rate limits (429), then request-level faults.
/// </summary>
internal sealed class ApiGateFilter(EmulatorState state) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var merchantId = http.Request.RouteValues["mId"] as string ?? "";
        if (!state.Merchants.TryGetValue(merchantId, out var merchant))
        {
            return ErrorResults.NotFound("Merchant");
        }

        var token = PresentedToken(http.Request);
        if (token is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(merchant.Token)))
        {
            return ErrorResults.Unauthorized();
        }

        var limiter = state.RateLimiter;
        if (!limiter.Enabled)
        {
            return await PassFaultsAsync(context, next, merchantId);
        }

        var decision = limiter.TryEnter(token);
        if (!decision.Admitted)
        {
            return ErrorResults.TooManyRequests(http.Response, decision.RetryAfterSeconds, limiter.Limit);
        }

        try
        {
            if (limiter.Limit > 0)
            {
                http.Response.Headers["X-RateLimit-Limit"] = limiter.Limit.ToString(CultureInfo.InvariantCulture);
                http.Response.Headers["X-RateLimit-Remaining"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
            }

            return await PassFaultsAsync(context, next, merchantId);
        }
        finally
        {
            limiter.Exit(token);
        }
    }

    /// <summary>The Bearer token, or the legacy access_token query parameter.</summary>
    public static string? PresentedToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        var query = request.Query["access_token"].ToString();
        return query.Length > 0 ? query : null;
    }

    private async ValueTask<object?> PassFaultsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, string merchantId)
    {
        var http = context.HttpContext;
        await RequestFaults.DelayIfSlowAsync(state, merchantId, http.RequestAborted);
        if (state.Faults.TryConsume(EmulatorFaultKind.Unauthorized, merchantId) is not null)
        {
            return ErrorResults.Unauthorized();
        }

        if (state.Faults.TryConsume(EmulatorFaultKind.RateLimit, merchantId) is { } rateLimit)
        {
            return ErrorResults.TooManyRequests(http.Response, rateLimit.Fault.RetryAfterSeconds ?? 1, state.Options.RateLimitPerSecond);
        }

        if (state.Faults.TryConsume(EmulatorFaultKind.ServerError, merchantId) is not null)
        {
            return ErrorResults.ServerError();
        }

        return await next(context);
    }
}

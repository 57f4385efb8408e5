using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CloverExport.Core.Clover;

/// <summary>
/// Polly pipelines of the two HttpClients. API: total timeout → 429 wait → transient retry → (limiter
/// handler) → attempt timeout. Files: total timeout → transient retry → attempt timeout.
/// </summary>
/// <remarks>
/// A create (POST) is retried only when it cannot have reached Clover: a 429 (Clover refused it) or a
/// failure to connect. A 5xx, 408 or timeout after sending may already have created an export; a
/// retry would start a duplicate that holds one of Clover's few per-merchant export slots until it
/// finishes, so the next create of this merchant would meet a concurrency 503. The error surfaces
/// instead and the orchestration, which owns the export attempt budget, decides.
/// 503 is never retried here: it is classified (closed hours / concurrency) into a wait by the client.
/// </remarks>
internal static class CloverResilience
{
    public const string ApiPipeline = "clover-api";
    public const string ApiAttemptPipeline = "clover-api-attempt";
    public const string FilePipeline = "clover-files";

    private const int MaxRateLimitWaits = 10;
    private static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(30);

    public static void ConfigureApi(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var (options, timeProvider) = Resolve(builder, context);
        builder.AddTimeout(options.TotalTimeout);
        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "rate-limit",
            MaxRetryAttempts = MaxRateLimitWaits,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
                && RetryAfter.Get(response, timeProvider.GetUtcNow()) <= options.MaxInProcessRetryAfter),
            // Exactly Retry-After: no jitter, no backoff; the limiter holds other requests meanwhile.
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(RetryAfter.Get(args.Outcome.Result!, timeProvider.GetUtcNow())),
        });
        AddTransientRetry(builder, options);
    }

    public static void ConfigureApiAttempt(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var (options, _) = Resolve(builder, context);
        builder.AddTimeout(options.AttemptTimeout);
    }

    public static void ConfigureFiles(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var (options, _) = Resolve(builder, context);
        builder.AddTimeout(options.TotalTimeout);
        AddTransientRetry(builder, options);
        builder.AddTimeout(options.AttemptTimeout);
    }

    /// <summary>Whether an attempt's outcome is worth retrying: see the class remarks for POST.</summary>
    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome, HttpMethod method)
    {
        var mayHaveReachedServer = method != HttpMethod.Get;
        return outcome switch
        {
            { Exception: HttpRequestException e } when Exceptions.FindInner<UnsafeFileUrlException>(e) is not null => false,
            { Exception: HttpRequestException e } => !mayHaveReachedServer || e.HttpRequestError
                is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
            { Exception: TimeoutRejectedException } => !mayHaveReachedServer,
            { Result: { } response } => !mayHaveReachedServer && IsTransientStatus(response.StatusCode),
            _ => false,
        };
    }

    private static bool IsTransientStatus(HttpStatusCode status) =>
        status == HttpStatusCode.RequestTimeout
        || ((int)status >= 500 && status is not (HttpStatusCode.ServiceUnavailable or HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported));

    private static void AddTransientRetry(ResiliencePipelineBuilder<HttpResponseMessage> builder, CloverClientOptions options)
    {
        if (options.MaxRetries == 0)
        {
            return;
        }

        builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            Name = "transient",
            MaxRetryAttempts = options.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = RetryBaseDelay,
            MaxDelay = RetryMaxDelay,
            ShouldHandle = args => ValueTask.FromResult(
                IsTransient(args.Outcome, args.Context.GetRequestMessage()?.Method ?? HttpMethod.Post)),
        });
    }

    private static (CloverClientOptions Options, TimeProvider TimeProvider) Resolve(
        ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var timeProvider = context.ServiceProvider.GetRequiredService<TimeProvider>();
        builder.TimeProvider = timeProvider;
        return (context.ServiceProvider.GetRequiredService<IOptions<CloverClientOptions>>().Value, timeProvider);
    }
}

using System.Collections.Frozen;
using CloverExport.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Clover;

public static class CloverServiceCollectionExtensions
{
    /// <summary>
    /// The headers whose values HttpClient's trace logs may show: they explain Clover's answers and waits and carry
    /// nothing secret. Every other value (the token, a cookie, whatever Clover adds) is logged as <c>*</c>.
    /// </summary>
    private static readonly FrozenSet<string> LoggedHeaderValues =
        FrozenSet.Create(StringComparer.OrdinalIgnoreCase, "Retry-After", "Content-Type", "Content-Length", "Date");

    /// <summary>
    /// Registers <see cref="ICloverExportClient"/>: <c>Clover</c> options validated at start-up and the API and
    /// file HttpClients. The client reads merchants and tokens from <c>AddMerchants</c> and <c>AddTokens</c>.
    /// </summary>
    public static IServiceCollection AddCloverClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<CloverClientOptions, CloverClientOptionsValidator>(configuration.GetSection(CloverClientOptions.SectionName));
        services.TryAddSingleton<CloverRequestLimiter>();
        services.TryAddTransient<CloverRateLimitHandler>();

        var api = services.AddHttpClient(CloverHttpClients.Api)
            .ConfigureHttpClient((provider, client) => client.Timeout = HttpClientTimeout(provider))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RedactLoggedHeaders(header => !LoggedHeaderValues.Contains(header));

        // Handlers run outer to inner: retries and 429 waits, then the per-merchant limiter, then the per-attempt timeout,
        // so time spent queueing in the limiter never counts as an attempt timing out.
        api.AddResilienceHandler(CloverResilience.ApiPipeline, CloverResilience.ConfigureApi);
        api.AddHttpMessageHandler<CloverRateLimitHandler>();
        api.AddResilienceHandler(CloverResilience.ApiAttemptPipeline, CloverResilience.ConfigureApiAttempt);

        // No default headers, no token, no logging handlers: file URLs carry a signed query that must stay out of logs.
        services.AddHttpClient(CloverHttpClients.Files)
            .ConfigureHttpClient((provider, client) => client.Timeout = HttpClientTimeout(provider))
            .ConfigurePrimaryHttpMessageHandler(provider => SafeFileConnector.CreateHandler(
                FileHostAllowList.Parse(provider.GetRequiredService<IOptions<CloverClientOptions>>().Value.AllowedFileHosts)))
            .RemoveAllLoggers()
            .AddResilienceHandler(CloverResilience.FilePipeline, CloverResilience.ConfigureFiles);

        services.TryAddSingleton<ICloverExportClient, CloverExportClient>();
        return services;
    }

    /// <summary>A backstop above the pipelines' own timeouts (HttpClient's default 100 s would cut a long retry sequence).</summary>
    private static TimeSpan HttpClientTimeout(IServiceProvider provider)
    {
        var options = provider.GetRequiredService<IOptions<CloverClientOptions>>().Value;
        return options.TotalTimeout + options.AttemptTimeout;
    }
}

using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CloverExport.Core.Tests.Support;

internal static class ClientServices
{
    /// <summary>The Clover client over the <c>Merchants:N</c> list and its static tokens, composed as the pipeline does (no storage).</summary>
    public static IServiceCollection AddConfiguredCloverClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddMerchants(configuration).AddTokens(configuration).AddCloverClient(configuration);
}

using CloverExport.Core.Merchants;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Core.Tokens;

/// <summary>
/// Tokens from <c>Merchants:N:Token</c> (in Azure a Key Vault reference the platform resolves).
/// A static token per merchant; an OAuth-refreshing provider can replace this one.
/// </summary>
public sealed class ConfigurationTokenProvider(IConfiguration configuration) : ICloverAccessTokenProvider
{
    public ValueTask<string> GetAccessTokenAsync(string merchantId, CancellationToken cancellationToken = default)
    {
        var merchant = MerchantConfiguration.Read(configuration).RequireValid().FirstOrDefault(m => m.Info.Id == merchantId);
        return merchant?.Token is { } token
            ? ValueTask.FromResult(token)
            : throw new MerchantNotFoundException(merchantId, $"No Clover access token is configured or stored for merchant {merchantId}.");
    }
}

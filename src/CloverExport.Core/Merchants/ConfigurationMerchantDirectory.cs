using Microsoft.Extensions.Configuration;

namespace CloverExport.Core.Merchants;

/// <summary>
/// Merchants listed under <c>Merchants:N</c> in configuration. Read on every call, so a reloaded
/// configuration (or a rotated Key Vault reference) is picked up without a restart.
/// </summary>
public sealed class ConfigurationMerchantDirectory(IConfiguration configuration) : IMerchantDirectory
{
    /// <exception cref="InvalidOperationException">The merchant configuration is invalid.</exception>
    public Task<IReadOnlyList<MerchantInfo>> ListEnabledAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MerchantInfo>>(
            MerchantConfiguration.Read(configuration).RequireValid().Select(m => m.Info).Where(m => m.Enabled).ToList());

    /// <exception cref="InvalidOperationException">The merchant configuration is invalid.</exception>
    public Task<MerchantInfo?> FindAsync(string merchantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(MerchantConfiguration.Read(configuration).RequireValid().FirstOrDefault(m => m.Info.Id == merchantId)?.Info);
}

using Microsoft.Extensions.Configuration;

namespace CloverExport.Core.Merchants;

/// <summary>
/// Merchants listed under <c>Merchants:N</c> in configuration, read-only. Read on every call, so a reloaded
/// configuration (or a rotated Key Vault reference) is picked up without a restart.
/// </summary>
public sealed class ConfigurationMerchantDirectory(IConfiguration configuration) : IMerchantDirectory
{
    public bool CanWrite => false;

    /// <exception cref="InvalidOperationException">The merchant configuration is invalid.</exception>
    public Task<IReadOnlyList<MerchantInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MerchantInfo>>(MerchantConfiguration.Read(configuration).RequireValid().Select(m => m.Info).ToList());

    /// <exception cref="InvalidOperationException">The merchant configuration is invalid.</exception>
    public Task<MerchantInfo?> FindAsync(string merchantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(MerchantConfiguration.Read(configuration).RequireValid().FirstOrDefault(m => m.Info.Id == merchantId)?.Info);

    public Task UpsertAsync(MerchantInfo merchant, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task<bool> SetEnabledAsync(string merchantId, bool enabled, CancellationToken cancellationToken = default) => throw ReadOnly();

    private static NotSupportedException ReadOnly() =>
        new("Merchants come from the Merchants:N settings (Merchants:Store=Configuration): edit the settings, or set Merchants:Store=Table to manage them here.");
}

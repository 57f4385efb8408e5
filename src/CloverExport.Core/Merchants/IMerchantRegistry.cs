namespace CloverExport.Core.Merchants;

/// <summary>The merchant list as onboarding sees it: every merchant (enabled or not) with its status, and changes when the store allows them.</summary>
public interface IMerchantRegistry
{
    /// <summary>False for the configuration store: merchants are changed by editing the settings.</summary>
    bool CanWrite { get; }

    Task<IReadOnlyList<MerchantEntry>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds the merchant or replaces its description (status is kept).</summary>
    /// <exception cref="NotSupportedException">The store is read-only.</exception>
    Task UpsertAsync(MerchantInfo merchant, CancellationToken cancellationToken = default);

    /// <summary>Turns a merchant's scheduled exports on or off; false when the merchant is unknown.</summary>
    /// <exception cref="NotSupportedException">The store is read-only.</exception>
    Task<bool> SetEnabledAsync(string merchantId, bool enabled, CancellationToken cancellationToken = default);
}

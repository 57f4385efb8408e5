namespace CloverExport.Core.Merchants;

/// <summary>The <c>Merchants:N</c> list with each merchant's status; read-only (merchants are added by editing settings).</summary>
public sealed class ConfigurationMerchantRegistry(ConfigurationMerchantDirectory directory, IMerchantStatusStore statuses) : IMerchantRegistry
{
    public bool CanWrite => false;

    public async Task<IReadOnlyList<MerchantEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        var entries = new List<MerchantEntry>();
        foreach (var merchant in await directory.ListAllAsync(cancellationToken))
        {
            entries.Add(new MerchantEntry(merchant, await statuses.GetStatusAsync(merchant.Id, cancellationToken)));
        }

        return entries;
    }

    public Task UpsertAsync(MerchantInfo merchant, CancellationToken cancellationToken = default) => throw ReadOnly();

    public Task<bool> SetEnabledAsync(string merchantId, bool enabled, CancellationToken cancellationToken = default) => throw ReadOnly();

    private static NotSupportedException ReadOnly() =>
        new("Merchants come from the Merchants:N settings (Merchants:Store=Configuration): edit the settings, or set Merchants:Store=Table to manage them here.");
}

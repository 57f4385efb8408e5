namespace CloverExport.Core.Merchants;

/// <summary>
/// The merchants that installed the app, enabled or not: the <c>Merchants:N</c> settings (read-only) or the
/// merchants table (<c>Merchants:Store=Table</c>, written by onboarding). Scheduling, the client and
/// onboarding all read this one list.
/// </summary>
public interface IMerchantDirectory
{
    /// <summary>False for the configuration list: merchants are changed by editing the settings.</summary>
    bool CanWrite { get; }

    /// <summary>Every merchant, enabled or not.</summary>
    Task<IReadOnlyList<MerchantInfo>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>The merchant with this id, or null when it is unknown.</summary>
    Task<MerchantInfo?> FindAsync(string merchantId, CancellationToken cancellationToken = default);

    /// <summary>Adds the merchant or replaces its description (its status is kept).</summary>
    /// <exception cref="NotSupportedException">The directory is read-only.</exception>
    Task UpsertAsync(MerchantInfo merchant, CancellationToken cancellationToken = default);

    /// <summary>Turns a merchant's scheduled exports on or off; false when the merchant is unknown.</summary>
    /// <exception cref="NotSupportedException">The directory is read-only.</exception>
    Task<bool> SetEnabledAsync(string merchantId, bool enabled, CancellationToken cancellationToken = default);
}

public static class MerchantDirectoryExtensions
{
    /// <summary>The merchants whose scheduled exports are on.</summary>
    public static async Task<IReadOnlyList<MerchantInfo>> ListEnabledAsync(this IMerchantDirectory directory, CancellationToken cancellationToken = default) =>
        [.. (await directory.ListAsync(cancellationToken)).Where(m => m.Enabled)];
}

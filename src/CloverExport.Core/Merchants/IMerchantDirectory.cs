namespace CloverExport.Core.Merchants;

/// <summary>The merchants that installed the app. A configuration list today; a table store can replace it.</summary>
public interface IMerchantDirectory
{
    Task<IReadOnlyList<MerchantInfo>> ListEnabledAsync(CancellationToken cancellationToken = default);

    /// <summary>The merchant with this id, or null when it is unknown.</summary>
    Task<MerchantInfo?> FindAsync(string merchantId, CancellationToken cancellationToken = default);
}

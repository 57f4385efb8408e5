namespace CloverExport.Core.Merchants;

/// <summary>Where a merchant's <see cref="MerchantStatus"/> is kept: the merchants table, or blobs beside the tokens.</summary>
public interface IMerchantStatusStore
{
    /// <summary>The merchant's status; <see cref="MerchantStatus.Healthy"/> when nothing was recorded.</summary>
    Task<MerchantStatus> GetStatusAsync(string merchantId, CancellationToken cancellationToken = default);

    Task SetStatusAsync(string merchantId, MerchantStatus status, CancellationToken cancellationToken = default);
}

namespace CloverExport.Core.Merchants;

/// <summary>Hands the Clover client a merchant's current access token; callers never see or pass tokens.</summary>
public interface ICloverAccessTokenProvider
{
    /// <exception cref="MerchantNotFoundException">No merchant, or no token, with that id.</exception>
    ValueTask<string> GetAccessTokenAsync(string merchantId, CancellationToken cancellationToken = default);
}

namespace CloverExport.Core.Tokens;

/// <summary>Hands the Clover client a merchant's current access token; callers never see or pass tokens.</summary>
public interface ICloverAccessTokenProvider
{
    /// <exception cref="Merchants.MerchantNotFoundException">No merchant, or no token, with that id.</exception>
    /// <exception cref="Clover.CloverAuthorizationException">The merchant needs re-authorization: no request should be made.</exception>
    ValueTask<string> GetAccessTokenAsync(string merchantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Clover answered 401 to <paramref name="rejectedToken"/>: get a newer token if one can be had (another
    /// worker's refresh, or a refresh now). True when <see cref="GetAccessTokenAsync"/> now returns a different token.
    /// Static tokens cannot be renewed.
    /// </summary>
    ValueTask<bool> RenewAfterRejectionAsync(string merchantId, string rejectedToken, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(false);
}

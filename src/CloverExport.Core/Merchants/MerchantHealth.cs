namespace CloverExport.Core.Merchants;

/// <summary>How a merchant's exports stand, as operators see it.</summary>
public enum MerchantHealth
{
    /// <summary>Nothing wrong is known.</summary>
    Healthy,

    /// <summary>Clover refused the merchant's refresh token: runs are refused until new tokens are onboarded.</summary>
    NeedsReauth,

    /// <summary>The last attempt failed for a reason that may pass (Clover or a store unreachable).</summary>
    Failing,
}

namespace CloverExport.Core.Clover;

/// <summary>Per-request values the Clover client hands to its message handlers.</summary>
internal static class CloverRequestOptions
{
    /// <summary>The merchant a request is made for: the client-side limiter partitions on it.</summary>
    public static readonly HttpRequestOptionsKey<string> MerchantId = new("CloverExport.MerchantId");
}

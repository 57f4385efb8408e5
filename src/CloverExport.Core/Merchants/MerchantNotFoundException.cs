namespace CloverExport.Core.Merchants;

/// <summary>A merchant id that the directory does not know (or that has no credentials).</summary>
public sealed class MerchantNotFoundException(string merchantId, string message) : Exception(message)
{
    public string MerchantId { get; } = merchantId;
}

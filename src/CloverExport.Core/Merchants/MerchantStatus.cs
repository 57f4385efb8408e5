namespace CloverExport.Core.Merchants;

/// <summary>A merchant's health, the last error (never a token) and when the health last changed.</summary>
public sealed record MerchantStatus(MerchantHealth Health, string? LastError = null, DateTimeOffset? ChangedAt = null)
{
    public static MerchantStatus Healthy { get; } = new(MerchantHealth.Healthy);
}

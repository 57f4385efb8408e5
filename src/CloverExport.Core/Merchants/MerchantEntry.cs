namespace CloverExport.Core.Merchants;

/// <summary>A merchant as the onboarding API lists it: what it is, and how it stands.</summary>
public sealed record MerchantEntry(MerchantInfo Info, MerchantStatus Status);

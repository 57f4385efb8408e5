using CloverExport.Emulator.Data;

namespace CloverExport.Emulator.State;

/// <summary>A configured merchant: its credentials and its synthetic data.</summary>
internal sealed record EmulatedMerchant(string Id, OAuthCredentials Credentials, string Region, MerchantData Data);

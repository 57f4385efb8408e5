using CloverExport.Emulator.Data;

namespace CloverExport.Emulator.State;

/// <summary>A configured merchant: its token and its synthetic data.</summary>
internal sealed record EmulatedMerchant(string Id, string Token, string Region, MerchantData Data);

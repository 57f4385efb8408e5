namespace CloverExport.Core.Merchants;

/// <summary>One valid <c>Merchants:N</c> entry. A class, not a record, so the token never shows up in a ToString.</summary>
internal sealed class ConfiguredMerchant(MerchantInfo info, string token)
{
    public MerchantInfo Info { get; } = info;

    public string Token { get; } = token;
}

using CloverExport.Core.Configuration;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Merchants;

/// <summary>Which merchant directory is used: settings <c>Merchants:Store</c>, <c>Merchants:TableName</c>, <c>Merchants:TableServiceUri</c>.</summary>
public sealed class MerchantStoreOptions
{
    public const string SectionName = "Merchants";

    /// <summary><c>Configuration</c> (the <c>Merchants:N</c> list, read-only) or <c>Table</c> (Azure Table Storage, onboarding writes it).</summary>
    public MerchantStoreKind Store { get; set; } = MerchantStoreKind.Configuration;

    [TableName("Merchants:TableName")]
    public string TableName { get; set; } = "merchants";

    /// <summary>Table endpoint for managed identity; default: <c>Storage:ServiceUri</c> with <c>.blob.</c> replaced by <c>.table.</c>.</summary>
    public Uri? TableServiceUri { get; set; }
}

public enum MerchantStoreKind
{
    Configuration,
    Table,
}

[OptionsValidator]
internal sealed partial class MerchantStoreOptionsValidator : IValidateOptions<MerchantStoreOptions>;

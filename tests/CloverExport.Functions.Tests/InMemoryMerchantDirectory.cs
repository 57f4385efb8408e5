using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;

namespace CloverExport.Functions.Tests;

/// <summary>A fixed merchant list, standing in for the configuration directory.</summary>
public sealed class InMemoryMerchantDirectory(params MerchantInfo[] merchants) : IMerchantDirectory
{
    public static MerchantInfo Merchant(string id, bool enabled = true) =>
        new(id, "sandbox", null, [ExportType.Orders, ExportType.Payments], null, id, enabled);

    public Task<IReadOnlyList<MerchantInfo>> ListEnabledAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MerchantInfo>>([.. merchants.Where(m => m.Enabled)]);

    public Task<MerchantInfo?> FindAsync(string merchantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(merchants.FirstOrDefault(m => m.Id == merchantId));
}

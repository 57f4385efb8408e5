using CloverExport.Core.Merchants;

namespace CloverExport.Functions.Tests;

/// <summary>A fixed, read-only merchant list, standing in for the configuration directory.</summary>
public sealed class InMemoryMerchantDirectory(params MerchantInfo[] merchants) : IMerchantDirectory
{
    public static MerchantInfo Merchant(string id, bool enabled = true) =>
        new(id, "sandbox", null, [ExportType.Orders, ExportType.Payments], null, id, enabled);

    public bool CanWrite => false;

    public Task<IReadOnlyList<MerchantInfo>> ListAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<MerchantInfo>>(merchants);

    public Task<MerchantInfo?> FindAsync(string merchantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(merchants.FirstOrDefault(m => m.Id == merchantId));

    public Task UpsertAsync(MerchantInfo merchant, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<bool> SetEnabledAsync(string merchantId, bool enabled, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}

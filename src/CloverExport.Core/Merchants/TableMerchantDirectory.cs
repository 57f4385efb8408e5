using Azure;
using Azure.Data.Tables;
using CloverExport.Core.Clover;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Merchants;

/// <summary>
/// The merchant directory in Azure Table Storage (<c>Merchants:Store=Table</c>): one row per merchant with
/// its description and status, never a token. Same account as the exports: <c>Storage:ConnectionString</c>,
/// or <see cref="TableEndpoint"/> with the pipeline's one credential.
/// Description changes are guarded by the row's ETag so a concurrent status update is not lost.
/// </summary>
public sealed class TableMerchantDirectory : IMerchantDirectory, IMerchantStatusStore
{
    private readonly Lazy<Task<TableClient>> table;

    public TableMerchantDirectory(TableServiceClient service, IOptions<MerchantStoreOptions> options)
    {
        var tableName = options.Value.TableName;
        table = new Lazy<Task<TableClient>>(async () =>
        {
            var client = service.GetTableClient(tableName);
            await client.CreateIfNotExistsAsync();
            return client;
        });
    }

    public bool CanWrite => true;

    /// <summary><c>Merchants:TableServiceUri</c>, else the blob endpoint's account with <c>.table.</c> for <c>.blob.</c>.</summary>
    public static Uri TableEndpoint(MerchantStoreOptions merchants, StorageOptions storage)
    {
        if (merchants.TableServiceUri is { } explicitUri)
        {
            return explicitUri;
        }

        var blob = storage.ServiceUri ?? throw new InvalidOperationException("Set Storage:ConnectionString or Storage:ServiceUri for the merchants table.");
        var host = blob.Host.Replace(".blob.", ".table.", StringComparison.OrdinalIgnoreCase);
        return host == blob.Host
            ? throw new InvalidOperationException($"Cannot derive the table endpoint from Storage:ServiceUri ({blob.Host}); set Merchants:TableServiceUri.")
            : new UriBuilder(blob) { Host = host, Path = "/" }.Uri;
    }

    public async Task<MerchantInfo?> FindAsync(string merchantId, CancellationToken cancellationToken = default) =>
        (await GetAsync(merchantId, cancellationToken)) is { } entity ? ToInfo(entity) : null;

    public async Task<IReadOnlyList<MerchantInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        var client = await table.Value;
        var merchants = new List<MerchantInfo>();
        await foreach (var entity in client.QueryAsync<MerchantEntity>(e => e.PartitionKey == MerchantEntity.Partition, cancellationToken: cancellationToken))
        {
            merchants.Add(ToInfo(entity));
        }

        return merchants.OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
    }

    public async Task UpsertAsync(MerchantInfo merchant, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchant.Id, nameof(merchant));
        var client = await table.Value;
        for (var attempt = 0; ; attempt++)
        {
            var existing = await GetAsync(merchant.Id, cancellationToken);
            var entity = ToEntity(merchant);
            entity.Health = existing?.Health;
            entity.LastError = existing?.LastError;
            entity.StatusChangedAt = existing?.StatusChangedAt;
            try
            {
                if (existing is null)
                {
                    await client.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await client.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 3)
            {
                // Someone changed the row in between (a status update): read it again.
            }
        }
    }

    public async Task<bool> SetEnabledAsync(string merchantId, bool enabled, CancellationToken cancellationToken = default)
    {
        var client = await table.Value;
        var patch = new TableEntity(MerchantEntity.Partition, merchantId) { [nameof(MerchantEntity.Enabled)] = enabled };
        try
        {
            await client.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    public async Task<MerchantStatus> GetStatusAsync(string merchantId, CancellationToken cancellationToken = default) =>
        (await GetAsync(merchantId, cancellationToken)) is { } entity ? ToStatus(entity) : MerchantStatus.Healthy;

    public async Task SetStatusAsync(string merchantId, MerchantStatus status, CancellationToken cancellationToken = default)
    {
        var client = await table.Value;

        // A merge of only the status columns; "" clears the error (a null would leave the old value in place).
        var patch = new TableEntity(MerchantEntity.Partition, merchantId)
        {
            [nameof(MerchantEntity.Health)] = status.Health.ToString(),
            [nameof(MerchantEntity.LastError)] = status.LastError ?? "",
            [nameof(MerchantEntity.StatusChangedAt)] = status.ChangedAt,
        };
        try
        {
            await client.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // A merchant only in configuration (static token) has no row to carry a status.
        }
    }

    private async Task<MerchantEntity?> GetAsync(string merchantId, CancellationToken cancellationToken)
    {
        if (!MerchantIds.IsValid(merchantId))
        {
            return null;
        }

        var client = await table.Value;
        var response = await client.GetEntityIfExistsAsync<MerchantEntity>(MerchantEntity.Partition, merchantId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static MerchantEntity ToEntity(MerchantInfo merchant) => new()
    {
        RowKey = merchant.Id,
        Region = merchant.Region,
        DisplayName = merchant.DisplayName,
        Enabled = merchant.Enabled,
        Types = merchant.Types.Count > 0 ? string.Join(',', merchant.Types.Select(t => t.ToWireName())) : null,
        BackfillStart = merchant.BackfillStart,
        BaseUrl = merchant.BaseUrl?.AbsoluteUri,
    };

    private static MerchantInfo ToInfo(MerchantEntity entity) => new(
        entity.RowKey,
        entity.Region,
        string.IsNullOrEmpty(entity.BaseUrl) ? null : new Uri(entity.BaseUrl),
        string.IsNullOrEmpty(entity.Types) ? [] : ExportTypes.ParseList(entity.Types),
        entity.BackfillStart,
        entity.DisplayName,
        entity.Enabled);

    private static MerchantStatus ToStatus(MerchantEntity entity) => new(
        Enum.TryParse<MerchantHealth>(entity.Health, out var health) ? health : MerchantHealth.Healthy,
        string.IsNullOrEmpty(entity.LastError) ? null : entity.LastError,
        entity.StatusChangedAt);
}

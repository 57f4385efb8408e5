using System.Text.Json;
using Azure;
using CloverExport.Core.Tokens;

namespace CloverExport.Core.Merchants;

/// <summary>
/// Merchant status for the configuration directory (which cannot be written): blob <c>status/{merchantId}</c>
/// in the token container. Last writer wins; status is informational except for needs re-auth, which only
/// the refresh (under the merchant's lock) and onboarding set or clear.
/// </summary>
public sealed class BlobMerchantStatusStore(TokenContainer container) : IMerchantStatusStore
{
    public static string BlobName(string merchantId) => $"status/{merchantId}";

    public async Task<MerchantStatus> GetStatusAsync(string merchantId, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId);
        try
        {
            var content = (await (await container.GetAsync()).GetBlobClient(BlobName(merchantId)).DownloadContentAsync(cancellationToken)).Value.Content;
            return JsonSerializer.Deserialize(content, TokenJsonContext.Default.MerchantStatus) ?? MerchantStatus.Healthy;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return MerchantStatus.Healthy;
        }
    }

    public async Task SetStatusAsync(string merchantId, MerchantStatus status, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId);
        var blob = (await container.GetAsync()).GetBlobClient(BlobName(merchantId));
        await blob.UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(status, TokenJsonContext.Default.MerchantStatus)), overwrite: true, cancellationToken);
    }
}

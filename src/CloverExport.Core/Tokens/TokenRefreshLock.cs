using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using CloverExport.Core.Merchants;

namespace CloverExport.Core.Tokens;

/// <summary>
/// One refresh at a time per merchant across every worker: a blob lease on <c>locks/{merchantId}</c> in the
/// token container (Key Vault has no compare-and-swap). The blob's content is the <see cref="RefreshMarker"/>,
/// written under the lease. A holder that dies loses the lease after <see cref="LeaseDuration"/>.
/// </summary>
public sealed class TokenRefreshLock(TokenContainer container, TimeProvider time)
{
    /// <summary>Longer than a refresh call (Clover:AttemptTimeout) plus a save.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(60);

    /// <summary>How long a worker waits for another's refresh before giving up (it then tries again later).</summary>
    public static readonly TimeSpan MaxWait = LeaseDuration + TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(150);

    public static string BlobName(string merchantId) => $"locks/{merchantId}";

    /// <exception cref="TokenStoreException">The lock could not be taken within <see cref="MaxWait"/> or storage failed.</exception>
    public async Task<Held> AcquireAsync(string merchantId, CancellationToken cancellationToken)
    {
        MerchantIds.Validate(merchantId);
        var blob = (await container.GetAsync()).GetBlobClient(BlobName(merchantId));
        try
        {
            await blob.UploadAsync(BinaryData.FromString("{}"), overwrite: false, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Exists already (possibly leased): fine.
        }
        catch (RequestFailedException e)
        {
            throw new TokenStoreException($"Could not create the token lock of merchant {merchantId} (HTTP {e.Status}).", e);
        }

        var lease = blob.GetBlobLeaseClient();
        var deadline = time.GetUtcNow() + MaxWait;
        while (true)
        {
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
                return new Held(blob, lease);
            }
            catch (RequestFailedException e) when (e.Status == 409 && time.GetUtcNow() < deadline)
            {
                await Task.Delay(PollInterval, time, cancellationToken);
            }
            catch (RequestFailedException e)
            {
                throw new TokenStoreException(
                    e.Status == 409
                        ? $"Another worker has been refreshing the token of merchant {merchantId} for longer than {MaxWait.TotalSeconds:0} s."
                        : $"Could not lock the token of merchant {merchantId} (HTTP {e.Status}).",
                    e);
            }
        }
    }

    /// <summary>The lease on one merchant's lock blob; released on dispose.</summary>
    public sealed class Held(BlobClient blob, BlobLeaseClient lease) : IAsyncDisposable
    {
        public async Task<RefreshMarker?> ReadMarkerAsync(CancellationToken cancellationToken)
        {
            var content = (await blob.DownloadContentAsync(cancellationToken)).Value.Content;
            return content.ToMemory().Length == 0 || content.ToString().Trim() == "{}"
                ? null
                : JsonSerializer.Deserialize(content, TokenJsonContext.Default.RefreshMarker);
        }

        public Task WriteMarkerAsync(RefreshMarker? marker, CancellationToken cancellationToken) =>
            blob.UploadAsync(
                BinaryData.FromString(marker is null ? "{}" : JsonSerializer.Serialize(marker, TokenJsonContext.Default.RefreshMarker)),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { LeaseId = lease.LeaseId } },
                cancellationToken);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // Lost or expired already: the lease frees itself.
            }
        }
    }
}

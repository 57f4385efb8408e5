using Azure.Storage.Blobs;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Merchants;

/// <summary>
/// The <c>Tokens:Container</c> container in the export storage account (same connection string or
/// managed identity): refresh locks, status blobs and, locally, encrypted token blobs. Created on first use.
/// </summary>
public sealed class TokenContainer
{
    private readonly Lazy<Task<BlobContainerClient>> container;

    public TokenContainer(IOptions<StorageOptions> storage, IOptions<TokenOptions> tokens)
    {
        var settings = storage.Value;
        var name = tokens.Value.Container;
        container = new Lazy<Task<BlobContainerClient>>(async () =>
        {
            var client = settings.CreateServiceClient().GetBlobContainerClient(name);
            await client.CreateIfNotExistsAsync();
            return client;
        });
    }

    public Task<BlobContainerClient> GetAsync() => container.Value;
}

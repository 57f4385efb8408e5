using Azure.Storage.Blobs;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tokens;

/// <summary>
/// The <c>Tokens:Container</c> container in the export storage account (same connection string or
/// managed identity): refresh locks, status blobs and, locally, encrypted token blobs. Created on first use.
/// </summary>
public sealed class TokenContainer(BlobServiceClient service, IOptions<TokenOptions> tokens)
{
    private readonly ContainerOnFirstUse container = new(service.GetBlobContainerClient(tokens.Value.Container));

    public Task<BlobContainerClient> GetAsync() => container.GetAsync();
}

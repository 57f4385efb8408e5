using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Storage;

/// <summary>The export container, created on first use. One instance per process.</summary>
public sealed class ExportContainer(BlobServiceClient service, IOptions<StorageOptions> options)
{
    private readonly ContainerOnFirstUse container = new(service.GetBlobContainerClient(options.Value.Container));

    public bool Gzip { get; } = options.Value.Gzip;

    public Task<BlobContainerClient> GetAsync() => container.GetAsync();
}

using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Storage;

/// <summary>The export container, created on first use. One instance per process.</summary>
public sealed class ExportContainer(IOptions<StorageOptions> options)
{
    private readonly ContainerOnFirstUse container = new(options.Value.CreateServiceClient().GetBlobContainerClient(options.Value.Container));

    public bool Gzip { get; } = options.Value.Gzip;

    public Task<BlobContainerClient> GetAsync() => container.GetAsync();
}

using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Storage;

/// <summary>The export container, created on first use. One instance per process.</summary>
public sealed class ExportContainer
{
    private readonly ContainerOnFirstUse container;

    public ExportContainer(BlobServiceClient service, IOptions<StorageOptions> options)
        : this(service.GetBlobContainerClient(options.Value.Container), options.Value.Gzip)
    {
    }

    /// <summary>Over a given client: tests observe the requests a catalog makes through its pipeline.</summary>
    internal ExportContainer(BlobContainerClient client, bool gzip)
    {
        container = new ContainerOnFirstUse(client);
        Gzip = gzip;
    }

    public bool Gzip { get; }

    public Task<BlobContainerClient> GetAsync() => container.GetAsync();
}

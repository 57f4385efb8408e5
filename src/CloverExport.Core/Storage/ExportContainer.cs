using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Storage;

/// <summary>The export container, created on first use. One instance per process.</summary>
public sealed class ExportContainer
{
    private readonly Lazy<Task<BlobContainerClient>> container;

    public ExportContainer(IOptions<StorageOptions> options)
    {
        var settings = options.Value;
        var service = settings.CreateServiceClient();
        Gzip = settings.Gzip;
        container = new Lazy<Task<BlobContainerClient>>(async () =>
        {
            var client = service.GetBlobContainerClient(settings.Container);
            await client.CreateIfNotExistsAsync();
            return client;
        });
    }

    public bool Gzip { get; }

    public Task<BlobContainerClient> GetAsync() => container.Value;
}

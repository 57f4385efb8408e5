using Azure.Storage.Blobs;

namespace CloverExport.Core.Storage;

/// <summary>
/// A blob container created the first time it is needed. A failed creation (storage unreachable at
/// that moment) is tried again on the next call instead of being remembered for the process's life.
/// </summary>
internal sealed class ContainerOnFirstUse(BlobContainerClient client)
{
    private Task<BlobContainerClient>? ready;

    public Task<BlobContainerClient> GetAsync()
    {
        var current = Volatile.Read(ref ready);
        if (current is null || current.IsFaulted || current.IsCanceled)
        {
            var attempt = CreateAsync();

            // Two callers may both create; CreateIfNotExists makes that harmless.
            current = Interlocked.CompareExchange(ref ready, attempt, current) == current ? attempt : Volatile.Read(ref ready)!;
        }

        return current;
    }

    private async Task<BlobContainerClient> CreateAsync()
    {
        await client.CreateIfNotExistsAsync();
        return client;
    }
}

using Azure.Identity;
using Azure.Storage.Blobs;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Cli.Verification;

/// <summary>The export container for reading, from the same <c>Storage:*</c> settings the pipeline uses (never created here).</summary>
internal static class StorageClients
{
    public static BlobContainerClient Container(IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        if (new StorageOptionsValidator().Validate(null, options) is { Failed: true } result)
        {
            throw new CliException(string.Join(" ", result.Failures));
        }

        return options.CreateServiceClient(new DefaultAzureCredential()).GetBlobContainerClient(options.Container);
    }
}

using System.ComponentModel.DataAnnotations;
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
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new CliException(string.Join(" ", errors.Select(e => e.ErrorMessage)));
        }

        return options.CreateServiceClient(new DefaultAzureCredential()).GetBlobContainerClient(options.Container);
    }
}

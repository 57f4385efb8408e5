using System.ComponentModel.DataAnnotations;
using Azure.Core;
using Azure.Storage.Blobs;
using CloverExport.Core.Configuration;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Storage;

/// <summary>Where exports land. Section <c>Storage</c>.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Storage";

    /// <summary>A storage connection string (Azurite, development). Mutually exclusive with <see cref="ServiceUri"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The blob service endpoint, reached with the app's credential (managed identity in Azure).</summary>
    [HttpsUrl("Storage:ServiceUri", "https://account.blob.core.windows.net")]
    public Uri? ServiceUri { get; set; }

    /// <summary>The container that receives every export.</summary>
    [ContainerName("Storage:Container")]
    public string Container { get; set; } = "clover-exports";

    /// <summary>Store files gzip-compressed with <c>Content-Encoding: gzip</c>.</summary>
    public bool Gzip { get; set; }

    /// <summary>The blob service these settings name: by connection string, or by URI with <paramref name="credential"/>.</summary>
    public BlobServiceClient CreateServiceClient(TokenCredential credential, BlobClientOptions? options = null) => string.IsNullOrWhiteSpace(ConnectionString)
        ? new BlobServiceClient(ServiceUri, credential, options)
        : new BlobServiceClient(ConnectionString, options);

    /// <summary>The cross-field rule: one way to reach the account.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
        {
            yield return new ValidationResult(
                "Set exactly one of Storage:ConnectionString (Azurite, development) or Storage:ServiceUri (managed identity).");
        }
    }

    internal static bool IsValidContainerName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && char.IsAsciiLetterOrDigit(name[0])
        && char.IsAsciiLetterOrDigit(name[^1])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && !name.Contains("--", StringComparison.Ordinal);
}

/// <summary>Start-up validation of <see cref="StorageOptions"/> (generated from its annotations).</summary>
[OptionsValidator]
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;

using Azure.Data.Tables;
using Azure.Identity;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using CloverExport.Core.Merchants;
using CloverExport.Core.Storage;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Configuration;

/// <summary>
/// The Azure SDK clients of the pipeline, each built once from its validated options and all sharing one
/// credential (managed identity in Azure). A client is only built when something uses it: no vault, no
/// <c>SecretClient</c>.
/// </summary>
internal static class AzureClientRegistration
{
    public static IServiceCollection AddCloverExportAzureClients(this IServiceCollection services)
    {
        services.AddAzureClients(clients =>
        {
            clients.UseCredential(new DefaultAzureCredential());
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, provider) =>
                provider.GetRequiredService<IOptions<StorageOptions>>().Value.CreateServiceClient(credential, options));
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return string.IsNullOrWhiteSpace(storage.ConnectionString)
                    ? new TableServiceClient(TableMerchantDirectory.TableEndpoint(provider.GetRequiredService<IOptions<MerchantStoreOptions>>().Value, storage), credential, options)
                    : new TableServiceClient(storage.ConnectionString, options);
            });
            clients.AddClient<SecretClient, SecretClientOptions>((options, credential, provider) =>
                new SecretClient(new Uri(provider.GetRequiredService<IOptions<TokenOptions>>().Value.KeyVaultUri!), credential, options));
        });
        return services;
    }
}

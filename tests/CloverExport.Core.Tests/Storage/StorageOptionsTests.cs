using CloverExport.Core.Configuration;
using CloverExport.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tests.Storage;

public class StorageOptionsTests
{
    // Each failure reads as the message alone (no "DataAnnotation validation failed for ..." wrapper), naming the setting.
    [Theory]
    [InlineData(null, "https://account.blob.core.windows.net", "Bad_Name", "Storage:Container must be 3-63 characters of lower-case letters, digits and single hyphens, starting with a letter or digit.")]
    [InlineData(null, "http://account.blob.core.windows.net", "exports", "Storage:ServiceUri must be an absolute https URL such as https://account.blob.core.windows.net.")]
    [InlineData("UseDevelopmentStorage=true", "https://account.blob.core.windows.net", "exports", "Set exactly one of Storage:ConnectionString (Azurite, development) or Storage:ServiceUri (managed identity).")]
    public void Start_up_validation_names_the_setting(string? connectionString, string serviceUri, string container, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:ServiceUri"] = serviceUri,
            ["Storage:Container"] = container,
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddCloverExportPipeline(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StorageOptions>>().Value);

        Assert.Equal([expected], error.Failures);
    }
}

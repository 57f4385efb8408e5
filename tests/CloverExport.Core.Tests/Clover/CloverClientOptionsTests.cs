using CloverExport.Core.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tests.Clover;

public class CloverClientOptionsTests
{
    private static OptionsValidationException StartWith(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddConfiguredCloverClient(configuration).BuildServiceProvider();
        // What a host runs at start because of ValidateOnStart.
        return Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Theory]
    [InlineData("Clover:BaseUrl", "not a url", "Clover:BaseUrl must be an absolute http(s) URL.")]
    [InlineData("Clover:BaseUrl", "ftp://files.example.com/", "Clover:BaseUrl must be an absolute http(s) URL.")]
    [InlineData("Clover:BaseUrl", "/relative", "Clover:BaseUrl must be an absolute http(s) URL.")]
    [InlineData("Clover:BaseUrl", "http://proxy.example/", "Clover:BaseUrl must be https; plain http is allowed only to a loopback host (the local emulator), since tokens are sent to it.")]
    [InlineData("Clover:FileReadTimeout", "00:00:00", "Clover:FileReadTimeout must be a positive time span such as 00:00:30.")]
    [InlineData("Clover:AllowedApiHosts", "a b", "Clover:AllowedApiHosts: 'a b' is not a host or host:port.")]
    [InlineData("Clover:MaxRequestsPerSecond", "0", "Clover:MaxRequestsPerSecond must be between 1 and 1000.")]
    [InlineData("Clover:MaxConcurrentRequests", "-1", "Clover:MaxConcurrentRequests must be between 1 and 100.")]
    [InlineData("Clover:MaxRetries", "50", "Clover:MaxRetries must be between 0 and 20.")]
    [InlineData("Clover:AttemptTimeout", "00:00:00", "Clover:AttemptTimeout must be a positive time span such as 00:00:30.")]
    [InlineData("Clover:TotalTimeout", "00:00:10", "Clover:TotalTimeout must be at least Clover:AttemptTimeout.")]
    [InlineData("Clover:MaxInProcessRetryAfter", "-00:00:01", "Clover:MaxInProcessRetryAfter must not be negative.")]
    [InlineData("Clover:ConcurrencyRetryDelay", "00:00:00", "Clover:ConcurrencyRetryDelay must be a positive time span such as 00:00:30.")]
    [InlineData("Clover:AllowedFileHosts", "127.0.0.1:99999", "Clover:AllowedFileHosts: '127.0.0.1:99999' is not a host or host:port.")]
    public void Start_up_validation_names_the_setting(string key, string value, string expected)
    {
        var error = StartWith(new() { [key] = value });

        Assert.Contains(expected, error.Failures);
    }

    [Fact]
    public void Defaults_match_the_settings_table()
    {
        var options = new CloverClientOptions();

        Assert.Null(options.BaseUrl);
        Assert.Null(options.AllowedFileHosts);
        Assert.Equal(16, options.MaxRequestsPerSecond);
        Assert.Equal(5, options.MaxConcurrentRequests);
        Assert.Equal(TimeSpan.FromSeconds(30), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(3), options.TotalTimeout);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxInProcessRetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(1), options.ConcurrencyRetryDelay);
    }

    [Fact]
    public void Valid_settings_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clover:BaseUrl"] = "http://127.0.0.1:5000/",
            ["Clover:AllowedFileHosts"] = "127.0.0.1, localhost:5001, [::1]:5002",
            ["Merchants:0:Id"] = "MERCHANT00001",
            ["Merchants:0:Region"] = "sandbox",
            ["Merchants:0:Token"] = "t",
        }).Build();
        using var provider = new ServiceCollection().AddConfiguredCloverClient(configuration).BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.NotNull(provider.GetRequiredService<ICloverExportClient>());
    }
}

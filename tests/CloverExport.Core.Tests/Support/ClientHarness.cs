using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using CloverExport.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CloverExport.Core.Tests.Support;

/// <summary>
/// The client as <c>AddCloverClient</c> wires it, with fake primary handlers, a fake clock and
/// captured logs. Two merchants: <see cref="MerchantId"/> (us) and <see cref="OtherMerchantId"/> (sandbox).
/// </summary>
public sealed class ClientHarness : IAsyncDisposable
{
    public const string MerchantId = "MERCHANT00001";
    public const string OtherMerchantId = "MERCHANT00002";
    public const string Token = "tok-SECRET-4f9a2c71-never-log";
    public const string OtherToken = "tok-SECRET-other-9b1e-never-log";

    /// <summary>A Tuesday at noon UTC: us export hours are open.</summary>
    public static readonly DateTimeOffset Now = new(2024, 3, 5, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Where <see cref="CreateOrdersExportAsync"/>'s one-day window starts; the fake API accepts any range.</summary>
    public static readonly DateTimeOffset WindowStart = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private ClientHarness(IConfiguration configuration, DateTimeOffset now)
    {
        Time = new FakeTimeProvider(now);
        var services = new ServiceCollection();
        services.AddCapturedLogs(Logs);
        services.AddSingleton<TimeProvider>(Time);
        services.AddConfiguredCloverClient(configuration);
        services.AddHttpClient(CloverHttpClients.Api).ConfigurePrimaryHttpMessageHandler(() => Api);
        services.AddHttpClient(CloverHttpClients.Files).ConfigurePrimaryHttpMessageHandler(() => Files);
        Provider = services.BuildServiceProvider();
    }

    public ServiceProvider Provider { get; }

    public FakeTimeProvider Time { get; }

    public FakeHttpHandler Api { get; } = new();

    public FakeHttpHandler Files { get; } = new();

    public FakeLoggerProvider Logs { get; } = new();

    public ICloverExportClient Client => Provider.GetRequiredService<ICloverExportClient>();

    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Merchants:0:Id"] = MerchantId,
        ["Merchants:0:Region"] = "us",
        ["Merchants:0:Token"] = Token,
        ["Merchants:1:Id"] = OtherMerchantId,
        ["Merchants:1:Region"] = "sandbox",
        ["Merchants:1:Token"] = OtherToken,
    };

    public static ClientHarness Create(Action<Dictionary<string, string?>>? configure = null, DateTimeOffset? now = null)
    {
        var settings = DefaultSettings();
        configure?.Invoke(settings);
        return new ClientHarness(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), now ?? Now);
    }

    /// <summary>A one-day orders export from <see cref="WindowStart"/>: the create call most client tests make.</summary>
    public Task<CloverExportJob> CreateOrdersExportAsync(string merchantId = MerchantId) =>
        Client.CreateExportAsync(merchantId, ExportType.Orders, WindowStart, WindowStart.AddDays(1));

    public static string ExportJson(
        string id = "EXPORT0000001",
        string status = "PENDING",
        string type = "PAYMENTS",
        IEnumerable<string>? urls = null,
        long? availableUntil = null)
    {
        var files = urls is null ? "" : $", \"exportUrls\": {{\"elements\": [{string.Join(",", urls.Select(u => $"{{\"url\": \"{u}\", \"export\": {{\"id\": \"{id}\"}}}}"))}]}}";
        var until = availableUntil is null ? "" : $", \"availableUntil\": {availableUntil}";
        return $$"""
            {"id": "{{id}}", "type": "{{type}}", "status": "{{status}}", "percentComplete": 40,
             "startTime": 1700000000000, "endTime": 1702591999999, "createdTime": 1709640000000,
             "merchantRef": {"id": "{{MerchantId}}"}{{until}}{{files}}}
            """;
    }

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}

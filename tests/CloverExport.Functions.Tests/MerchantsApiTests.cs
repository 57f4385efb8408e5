using CloverExport.Core.Clover;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using CloverExport.Functions.Http;
using CloverExport.Testing;
using Microsoft.Extensions.DependencyInjection;
using static CloverExport.Functions.Tests.FunctionsServices;

namespace CloverExport.Functions.Tests;

public sealed class MerchantsApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Watermarks_show_each_type_and_null_where_nothing_is_stored()
    {
        using var services = Services();
        var window = new ExportWindow(ExportType.Orders, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 10, 23, 59, 59, 999, TimeSpan.Zero));
        await services.GetRequiredService<WindowCatalog>().CommitAsync(MerchantA, window, "EXPORT1", [], CancellationToken.None);

        var answer = await HttpCall.ExecuteAsync(await Api(services).GetWatermarks(
            HttpCall.Request("GET", $"/api/merchants/{MerchantA}/watermarks"), MerchantA, CancellationToken.None));

        Assert.Equal(200, answer.Status);
        Assert.Equal(MerchantA, answer.Body.GetProperty("merchantId").GetString());
        var orders = answer.Body.GetProperty("watermarks").GetProperty("ORDERS");
        Assert.Equal(window.End, orders.GetProperty("coveredThrough").GetDateTimeOffset());
        Assert.Equal(1, orders.GetProperty("windows").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, answer.Body.GetProperty("watermarks").GetProperty("PAYMENTS").ValueKind);
    }

    [Fact]
    public async Task Watermarks_reject_a_malformed_id_and_an_unknown_merchant()
    {
        using var services = Services();

        var malformed = await HttpCall.ExecuteAsync(await Api(services).GetWatermarks(
            HttpCall.Request("GET", "/api/merchants/abc/watermarks"), "abc", CancellationToken.None));
        var unknown = await HttpCall.ExecuteAsync(await Api(services).GetWatermarks(
            HttpCall.Request("GET", "/api/merchants/UNKNOWNMERCH1/watermarks"), "UNKNOWNMERCH1", CancellationToken.None));

        malformed.AssertProblem(400, "merchantId");
        unknown.AssertProblem(404, "merchantId");
    }

    private ServiceProvider Services() => Build(settings: new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:Container"] = "w" + Guid.NewGuid().ToString("N")[..20],
    });

    private static MerchantsApi Api(IServiceProvider services) => ActivatorUtilities.CreateInstance<MerchantsApi>(services);
}

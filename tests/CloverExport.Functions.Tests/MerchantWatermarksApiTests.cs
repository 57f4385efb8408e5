using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using static CloverExport.Functions.Tests.HttpAnswer;

namespace CloverExport.Functions.Tests;

public sealed class MerchantWatermarksApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    // Export:BackfillStart below; its 30-day block starts 2024-12-07.
    private static readonly DateTimeOffset Backfill = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstBlock = TimeBlocks.StartOf(Backfill);

    [Fact]
    public async Task Watermarks_count_from_the_backfill_start_so_a_missing_first_window_shows()
    {
        using var services = Services();
        var catalog = services.GetRequiredService<WindowCatalog>();
        var first = new ExportWindow(ExportType.Orders, FirstBlock, TimeBlocks.EndOf(FirstBlock));
        var second = new ExportWindow(ExportType.Orders, first.End.AddMilliseconds(1), TimeBlocks.EndOf(first.End.AddMilliseconds(1)));
        // The first window failed; the second one is stored.
        await catalog.CommitAsync(MerchantA, second, "EXPORT2", [], CancellationToken.None);

        var gap = await GetAsync(services, MerchantA);

        Assert.Equal(200, gap.Status);
        Assert.Equal(["merchantId", "backfillStart", "watermarks"], Names(gap.Body));
        Assert.Equal("2025-01-01", gap.Body.GetProperty("backfillStart").GetString());
        var orders = gap.Body.GetProperty("watermarks").GetProperty("ORDERS");
        Assert.Equal(["from", "coveredThrough", "windows", "updatedAt"], Names(orders));
        Assert.Equal(FirstBlock, orders.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, orders.GetProperty("coveredThrough").ValueKind);
        Assert.Equal(1, orders.GetProperty("windows").GetInt32());
        Assert.Equal(JsonValueKind.Null, gap.Body.GetProperty("watermarks").GetProperty("PAYMENTS").ValueKind);

        await catalog.CommitAsync(MerchantA, first, "EXPORT1", [], CancellationToken.None);
        var whole = await GetAsync(services, MerchantA);

        var covered = whole.Body.GetProperty("watermarks").GetProperty("ORDERS");
        Assert.Equal(second.End, covered.GetProperty("coveredThrough").GetDateTimeOffset());
        Assert.Equal(2, covered.GetProperty("windows").GetInt32());
    }

    [Fact]
    public async Task Watermarks_reject_a_malformed_id_and_an_unknown_merchant()
    {
        using var services = Services();

        var malformed = await GetAsync(services, "abc");
        var unknown = await GetAsync(services, "UNKNOWNMERCH1");

        malformed.AssertProblem(400, "merchantId");
        unknown.AssertProblem(404, "merchantId");
    }

    private static async Task<HttpAnswer> GetAsync(IServiceProvider services, string merchantId) =>
        await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantWatermarksApi>(services).GetWatermarks(
            HttpCall.Request("GET", $"/api/merchants/{merchantId}/watermarks"), merchantId, CancellationToken.None));

    private ServiceProvider Services() => Build(settings: new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Storage:Container"] = "w" + Guid.NewGuid().ToString("N")[..20],
        ["Export:BackfillStart"] = "2025-01-01",
    });
}

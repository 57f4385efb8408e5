using CloverExport.Core.Merchants;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

public class InputValidationTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("merchant00001")]
    [InlineData("MERCHANT0001")]
    [InlineData("../MERCHANT01")]
    [InlineData("")]
    public async Task Bad_merchant_id_is_rejected_before_any_request(string merchantId)
    {
        await using var h = Create();

        var create = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.CreateExportAsync(merchantId, ExportType.Orders, Start, Start.AddDays(1)));
        var get = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.GetExportAsync(merchantId, "EXPORT0000001"));

        Assert.Equal("merchantId", create.ParamName);
        Assert.Equal("merchantId", get.ParamName);
        Assert.Equal(0, h.Api.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../../admin")]
    [InlineData("EXPORT/0001")]
    [InlineData("EXPORT?x=1")]
    [InlineData("EXPORT%2F01")]
    public async Task Unsafe_export_id_is_rejected_before_any_request(string exportId)
    {
        await using var h = Create();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.GetExportAsync(MerchantId, exportId));

        Assert.Equal("exportId", error.ParamName);
        Assert.Equal(0, h.Api.Count);
    }

    [Fact]
    public async Task Start_must_be_before_end()
    {
        await using var h = Create();

        var same = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.CreateExportAsync(MerchantId, ExportType.Orders, Start, Start));
        var reversed = await Assert.ThrowsAsync<ArgumentException>(() => h.Client.CreateExportAsync(MerchantId, ExportType.Orders, Start, Start.AddMinutes(-1)));

        Assert.Equal("start", same.ParamName);
        Assert.Equal("start", reversed.ParamName);
        Assert.Equal(0, h.Api.Count);
    }

    [Fact]
    public async Task Range_may_be_exactly_30_days_but_not_a_millisecond_more()
    {
        await using var h = Create();
        h.Api.Then(System.Net.HttpStatusCode.OK, ExportJson());

        await h.Client.CreateExportAsync(MerchantId, ExportType.Orders, Start, Start.AddDays(30));
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => h.Client.CreateExportAsync(MerchantId, ExportType.Orders, Start, Start.AddDays(30).AddMilliseconds(1)));

        Assert.Equal("endInclusive", error.ParamName);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Unknown_merchant_is_reported_without_a_request()
    {
        await using var h = Create();

        var error = await Assert.ThrowsAsync<MerchantNotFoundException>(() => h.Client.GetExportAsync("UNKNOWN000001", "EXPORT0000001"));

        Assert.Equal("UNKNOWN000001", error.MerchantId);
        Assert.Equal(0, h.Api.Count);
    }
}

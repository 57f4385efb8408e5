using System.Net;
using CloverExport.Core.Tests.Support;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

public class RetryTests
{
    private static Task<CloverExportJob> GetAsync(ClientHarness h) => h.Client.GetExportAsync(MerchantId, "EXPORT0000001");

    [Fact]
    public async Task Get_retries_5xx_408_and_network_errors_then_succeeds()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.InternalServerError)
            .Then(HttpStatusCode.BadGateway)
            .Then(HttpStatusCode.GatewayTimeout)
            .Then(HttpStatusCode.RequestTimeout)
            .ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "connection reset"))
            .Then(HttpStatusCode.OK, ExportJson());

        var job = await GetAsync(h).AdvancingAsync(h.Time);

        Assert.Equal("EXPORT0000001", job.Id);
        Assert.Equal(6, h.Api.Count);
    }

    [Fact]
    public async Task Get_gives_up_after_max_retries_with_the_last_status()
    {
        await using var h = Create(s => s["Clover:MaxRetries"] = "2");
        h.Api.Fallback = (_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));

        var error = await Assert.ThrowsAsync<CloverApiException>(() => GetAsync(h).AdvancingAsync(h.Time));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(3, h.Api.Count);
    }

    [Fact]
    public async Task Get_retries_an_attempt_that_times_out()
    {
        await using var h = Create(s => s["Clover:AttemptTimeout"] = "00:00:10");
        h.Api.Then(FakeHttpHandler.NeverAnswers).Then(HttpStatusCode.OK, ExportJson());

        var job = await GetAsync(h).AdvancingAsync(h.Time);

        Assert.Equal("EXPORT0000001", job.Id);
        Assert.Equal(2, h.Api.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    public async Task Create_is_not_retried_when_the_request_may_have_reached_clover(HttpStatusCode status)
    {
        await using var h = Create();
        h.Api.Then(status, """{"message":"boom"}""");

        var error = await Assert.ThrowsAsync<CloverApiException>(() => h.CreateOrdersExportAsync().AdvancingAsync(h.Time));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Create_is_not_retried_after_an_attempt_timeout()
    {
        await using var h = Create(s => s["Clover:AttemptTimeout"] = "00:00:10");
        h.Api.Then(FakeHttpHandler.NeverAnswers);

        await Assert.ThrowsAsync<CloverTransportException>(() => h.CreateOrdersExportAsync().AdvancingAsync(h.Time));

        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Create_is_retried_when_the_connection_could_not_be_made()
    {
        await using var h = Create();
        h.Api.ThenThrow(new HttpRequestException(HttpRequestError.ConnectionError, "connection refused"))
            .Then(HttpStatusCode.OK, ExportJson());

        var job = await h.CreateOrdersExportAsync().AdvancingAsync(h.Time);

        Assert.Equal("EXPORT0000001", job.Id);
        Assert.Equal(2, h.Api.Count);
    }

    [Fact]
    public async Task Create_is_not_retried_when_the_connection_broke_after_sending()
    {
        await using var h = Create();
        h.Api.ThenThrow(new HttpRequestException(HttpRequestError.ResponseEnded, "connection reset"));

        var error = await Assert.ThrowsAsync<CloverTransportException>(() => h.CreateOrdersExportAsync().AdvancingAsync(h.Time));

        Assert.Contains(MerchantId, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Api.Count);
    }

    [Fact]
    public async Task Total_timeout_ends_a_retry_sequence()
    {
        await using var h = Create(s =>
        {
            s["Clover:AttemptTimeout"] = "00:00:10";
            s["Clover:TotalTimeout"] = "00:00:25";
            s["Clover:MaxRetries"] = "20";
        });
        h.Api.Fallback = FakeHttpHandler.NeverAnswers;

        await Assert.ThrowsAsync<CloverTransportException>(() => GetAsync(h).AdvancingAsync(h.Time));

        Assert.InRange(h.Api.Count, 2, 3);
    }
}

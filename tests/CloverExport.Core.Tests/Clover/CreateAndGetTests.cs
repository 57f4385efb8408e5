using System.Net;
using System.Text.Json;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

public class CreateAndGetTests
{
    private static readonly DateTimeOffset WindowStart = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
    private static readonly DateTimeOffset WindowEnd = WindowStart.AddDays(30).AddMilliseconds(-1);

    [Fact]
    public async Task Create_posts_type_and_times_as_json_numbers_with_the_bearer_token()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.OK, ExportJson());

        var job = await h.Client.CreateExportAsync(MerchantId, ExportType.Payments, WindowStart, WindowEnd);

        var request = Assert.Single(h.Api.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"https://api.clover.com/v3/merchants/{MerchantId}/exports/", request.Uri.AbsoluteUri);
        Assert.Equal($"Bearer {Token}", request.Authorization);
        Assert.DoesNotContain(Token, request.Uri.AbsoluteUri, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body!);
        Assert.Equal("PAYMENTS", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Number, body.RootElement.GetProperty("startTime").ValueKind);
        Assert.Equal(WindowStart.ToUnixTimeMilliseconds(), body.RootElement.GetProperty("startTime").GetInt64());
        Assert.Equal(WindowEnd.ToUnixTimeMilliseconds(), body.RootElement.GetProperty("endTime").GetInt64());
        Assert.Equal("EXPORT0000001", job.Id);
        Assert.Equal(MerchantId, job.MerchantId);
        Assert.Equal(CloverExportStatus.Pending, job.Status);
    }

    [Theory]
    [InlineData("PENDING", CloverExportStatus.Pending)]
    [InlineData("IN_PROGRESS", CloverExportStatus.InProgress)]
    [InlineData("DONE", CloverExportStatus.Done)]
    [InlineData("FAILED", CloverExportStatus.Failed)]
    [InlineData("CANCELLED_BY_CLOVER", CloverExportStatus.Failed)]
    [InlineData("", CloverExportStatus.Failed)]
    public async Task Get_maps_known_statuses_and_treats_anything_else_as_failed_keeping_the_raw_text(string raw, CloverExportStatus expected)
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.OK, ExportJson(status: raw, type: "ORDERS"));

        var job = await h.Client.GetExportAsync(MerchantId, "EXPORT0000001");

        Assert.Equal(expected, job.Status);
        Assert.Equal(raw, job.RawStatus);
        Assert.Equal(ExportType.Orders, job.Type);
        Assert.Equal(expected is CloverExportStatus.Done or CloverExportStatus.Failed, job.IsTerminal);
        Assert.Equal($"https://api.clover.com/v3/merchants/{MerchantId}/exports/EXPORT0000001", Assert.Single(h.Api.Requests).Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Done_export_exposes_file_urls_times_and_availability()
    {
        await using var h = Create();
        string[] urls = ["https://files.example.com/a?sig=1", "https://files.example.com/b?sig=2"];
        h.Api.Then(HttpStatusCode.OK, ExportJson(status: "DONE", urls: urls, availableUntil: 1_709_726_400_000));

        var job = await h.Client.GetExportAsync(MerchantId, "EXPORT0000001");

        Assert.Equal(urls, job.FileUrls.Select(u => u.OriginalString));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_709_726_400_000), job.AvailableUntil);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), job.StartTime);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_702_591_999_999), job.EndTime);
        Assert.Equal(40, job.PercentComplete);
    }

    [Fact]
    public async Task Times_sent_back_as_strings_are_accepted()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.OK, """{"id":"EXPORT0000002","type":"ORDERS","status":"PENDING","startTime":"1700000000000","endTime":"1700000000999","percentComplete":"0"}""");

        var job = await h.Client.GetExportAsync(MerchantId, "EXPORT0000002");

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_999), job.EndTime);
    }

    [Fact]
    public async Task Create_without_a_type_in_the_answer_keeps_the_requested_type()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.OK, """{"id":"EXPORT0000003","status":"PENDING"}""");

        var job = await h.Client.CreateExportAsync(MerchantId, ExportType.Orders, WindowStart, WindowEnd);

        Assert.Equal(ExportType.Orders, job.Type);
    }

    [Fact]
    public async Task An_answer_without_an_export_id_is_an_api_error()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.OK, """{"status":"PENDING","type":"ORDERS"}""");

        await Assert.ThrowsAsync<CloverApiException>(() => h.Client.GetExportAsync(MerchantId, "EXPORT0000001"));
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_api_error()
    {
        await using var h = Create();
        h.Api.Then(() => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>proxy</html>") });

        await Assert.ThrowsAsync<CloverApiException>(() => h.Client.GetExportAsync(MerchantId, "EXPORT0000001"));
    }

    [Theory]
    [InlineData(null, null, "https://api.clover.com/v3/")]
    [InlineData(null, "sandbox", "https://apisandbox.dev.clover.com/v3/")]
    [InlineData(null, "eu", "https://api.eu.clover.com/v3/")]
    [InlineData(null, "la", "https://api.la.clover.com/v3/")]
    [InlineData("http://127.0.0.1:5123/", null, "http://127.0.0.1:5123/v3/")]
    [InlineData("https://proxy.example/clover", null, "https://proxy.example/clover/v3/")]
    public async Task Base_url_comes_from_clover_setting_else_region(string? cloverBaseUrl, string? region, string expectedPrefix)
    {
        var url = await StatusRequestUrlAsync(s =>
        {
            s["Clover:BaseUrl"] = cloverBaseUrl;
            s["Merchants:0:Region"] = region ?? "us";
        });

        Assert.StartsWith(expectedPrefix, url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_merchant_base_url_in_the_allowed_api_hosts_wins_over_the_clover_setting()
    {
        var url = await StatusRequestUrlAsync(s =>
        {
            s["Clover:BaseUrl"] = "http://127.0.0.1:5123/";
            s["Clover:AllowedApiHosts"] = "merchant-proxy.example.com";
            s["Merchants:0:BaseUrl"] = "https://merchant-proxy.example.com/";
        });

        Assert.StartsWith("https://merchant-proxy.example.com/v3/", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_merchant_gets_its_own_token()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.OK, ExportJson()).Then(HttpStatusCode.OK, ExportJson());

        await h.Client.GetExportAsync(MerchantId, "EXPORT0000001");
        await h.Client.GetExportAsync(OtherMerchantId, "EXPORT0000001");

        Assert.Equal([$"Bearer {Token}", $"Bearer {OtherToken}"], h.Api.Requests.Select(r => r.Authorization));
    }

    /// <summary>The URL a status request for <see cref="MerchantId"/> goes to under <paramref name="settings"/>.</summary>
    private static async Task<string> StatusRequestUrlAsync(Action<Dictionary<string, string?>> settings)
    {
        await using var h = Create(settings);
        h.Api.Then(HttpStatusCode.OK, ExportJson());

        await h.Client.GetExportAsync(MerchantId, "EXPORT0000001");

        return Assert.Single(h.Api.Requests).Uri.AbsoluteUri;
    }
}

using System.Net;
using CloverExport.Core.Merchants;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

/// <summary>The merchant's token goes only to its region's host or one the operator allowed, over https (http only to loopback).</summary>
public class ApiHostGuardTests
{
    // Plain http to a host that is not loopback is refused at start-up already (ConfigurationMerchantsTests).
    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("https://api.clover.com.attacker.example/")]
    public async Task A_merchant_api_host_the_operator_did_not_allow_gets_no_request(string baseUrl)
    {
        await using var h = Create(s => s["Merchants:0:BaseUrl"] = baseUrl);
        h.Api.Then(HttpStatusCode.OK, ExportJson());

        var error = await Assert.ThrowsAsync<UnsafeApiUrlException>(() => h.Client.GetExportAsync(MerchantId, "EXPORT0000001"));

        Assert.Empty(h.Api.Requests);
        Assert.Contains("attacker.example", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_api_host_over_plain_http_gets_no_request_unless_it_is_loopback()
    {
        await using var h = Create(s =>
        {
            s["Clover:AllowedApiHosts"] = "proxy.example,127.0.0.1";
            s["Merchants:1:BaseUrl"] = "http://127.0.0.1:5999/";
        });
        h.Api.Then(HttpStatusCode.OK, ExportJson());
        // Settings and onboarding refuse such a host; it can come only from a table row edited by hand.
        var tableRow = new MerchantInfo(MerchantId, "us", new Uri("http://proxy.example/"), [], null, null);

        Assert.Throws<UnsafeApiUrlException>(() => CloverApiBase.For(tableRow, new CloverClientOptions { AllowedApiHosts = "proxy.example,127.0.0.1" }));
        await h.Client.GetExportAsync(OtherMerchantId, "EXPORT0000001");

        Assert.StartsWith("http://127.0.0.1:5999/v3/", Assert.Single(h.Api.Requests).Uri.AbsoluteUri, StringComparison.Ordinal);
    }
}

using System.Net;
using CloverExport.Core.Tests.Support;
using CloverExport.Testing;
using static CloverExport.Core.Tests.Support.ClientHarness;

namespace CloverExport.Core.Tests.Clover;

public class TokenRedactionTests
{
    [Fact]
    public async Task Neither_the_token_nor_a_file_signature_appears_in_any_log_entry()
    {
        await using var h = Create();
        h.Api.Then(HttpStatusCode.OK, ExportJson())
            .Then(HttpStatusCode.InternalServerError, $$"""{"message":"failure for {{Token}}"}""")
            .Then(HttpStatusCode.TooManyRequests, configure: r =>
            {
                r.Headers.RetryAfter = new(TimeSpan.FromSeconds(1));
                r.Headers.Add("Set-Cookie", "session=COOKIE-CREDENTIAL-55");
            })
            .Then(HttpStatusCode.OK, ExportJson(status: "DONE", urls: ["https://files.example.com/f/0?sig=SIGNED-CREDENTIAL-77"]))
            .Then(HttpStatusCode.Unauthorized, $$"""{"message":"token {{Token}} is not valid"}""");
        h.Files.Then(HttpStatusCode.InternalServerError).Then(HttpStatusCode.OK, "{}").Then(HttpStatusCode.NotFound);

        await h.CreateOrdersExportAsync();
        var job = await h.Client.GetExportAsync(MerchantId, "EXPORT0000001").AdvancingAsync(h.Time);
        await using (await h.Client.OpenFileAsync(job.FileUrls[0]).AdvancingAsync(h.Time))
        {
        }

        var expired = await Assert.ThrowsAsync<ExportFileExpiredException>(() => h.Client.OpenFileAsync(job.FileUrls[0]));
        var unauthorized = await Assert.ThrowsAsync<CloverAuthorizationException>(() => h.Client.GetExportAsync(MerchantId, "EXPORT0000001"));

        var logs = h.Logs.AllText();
        // The HTTP logging handler did run and log request headers: redaction, not silence, keeps the token out.
        Assert.Contains("Authorization: *", logs, StringComparison.Ordinal);
        // Values are hidden unless known to be harmless: a header the client has never heard of stays hidden, Retry-After shows.
        Assert.Contains("Set-Cookie: *", logs, StringComparison.Ordinal);
        Assert.Contains("Retry-After: 1", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("COOKIE-CREDENTIAL-55", logs, StringComparison.Ordinal);
        Assert.Contains("OnRetry", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("SIGNED-CREDENTIAL-77", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, unauthorized.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("SIGNED-CREDENTIAL-77", expired.ToString(), StringComparison.Ordinal);
    }
}

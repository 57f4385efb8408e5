using System.Security.Cryptography;
using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;

namespace CloverExport.Functions.Tests;

public sealed class MerchantOnboardingApiTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string AccessToken = "api-SECRET-access-5e1";
    private const string RefreshToken = "api-SECRET-refresh-9b2";

    [Fact]
    public async Task Post_adds_a_merchant_with_tokens_get_lists_it_with_status_and_disable_turns_it_off_and_no_answer_has_a_token()
    {
        using var services = Services(table: true);
        var api = Api(services);

        var saved = await HttpCall.ExecuteAsync(await api.Save(HttpCall.Request("POST", "/api/merchants", $$$"""
            {"merchantId":"ONBOARDMERCH1","region":"EU","displayName":"Bistro","types":["ORDERS"],"backfillStart":"2023-01-01",
             "tokens":{"accessToken":"{{{AccessToken}}}","accessTokenExpiresAt":"2030-01-01T00:00:00Z","refreshToken":"{{{RefreshToken}}}"}}
            """), CancellationToken.None));
        await services.GetRequiredService<IMerchantStatusStore>().SetStatusAsync("ONBOARDMERCH1", new MerchantStatus(MerchantHealth.NeedsReauth, "Clover refused", DateTimeOffset.UtcNow));
        var listed = await HttpCall.ExecuteAsync(await api.List(HttpCall.Request("GET", "/api/merchants"), CancellationToken.None));
        var disabled = await HttpCall.ExecuteAsync(await api.Disable(HttpCall.Request("POST", "/api/merchants/ONBOARDMERCH1/disable"), "ONBOARDMERCH1", CancellationToken.None));
        var stored = await services.GetRequiredService<ITokenSecretStore>().ReadAsync("ONBOARDMERCH1");

        Assert.Equal(200, saved.Status);
        Assert.Equal("eu", saved.Body.GetProperty("region").GetString());
        Assert.Equal("Healthy", saved.Body.GetProperty("status").GetString());
        var merchant = Assert.Single(listed.Body.GetProperty("merchants").EnumerateArray());
        Assert.True(listed.Body.GetProperty("writable").GetBoolean());
        Assert.Equal("NeedsReauth", merchant.GetProperty("status").GetString());
        Assert.Equal("Clover refused", merchant.GetProperty("lastError").GetString());
        Assert.Equal(["ORDERS"], merchant.GetProperty("types").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(200, disabled.Status);
        Assert.False(disabled.Body.GetProperty("enabled").GetBoolean());
        Assert.Equal((AccessToken, RefreshToken), (stored!.AccessToken, stored.RefreshToken));
        foreach (var answer in new[] { saved, listed, disabled })
        {
            Assert.DoesNotContain("SECRET", answer.Body.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Re_posting_a_merchant_with_an_attackers_base_url_and_no_tokens_is_refused_and_its_tokens_stay_bound_to_its_region()
    {
        using var services = Services(table: true);
        var api = Api(services);
        await HttpCall.ExecuteAsync(await api.Save(HttpCall.Request("POST", "/api/merchants", $$$"""
            {"merchantId":"VICTIMMERCH01","region":"us","tokens":{"accessToken":"{{{AccessToken}}}","refreshToken":"{{{RefreshToken}}}"}}
            """), CancellationToken.None));

        var attack = await HttpCall.ExecuteAsync(await api.Save(HttpCall.Request("POST", "/api/merchants",
            """{"merchantId":"VICTIMMERCH01","region":"us","baseUrl":"http://attacker/"}"""), CancellationToken.None));
        var moved = await HttpCall.ExecuteAsync(await api.Save(HttpCall.Request("POST", "/api/merchants",
            """{"merchantId":"VICTIMMERCH01","region":"eu"}"""), CancellationToken.None));

        attack.AssertProblem(400, "baseUrl");
        moved.AssertProblem(400, "tokens");
        Assert.StartsWith("'tokens' are required: the region changes from us to eu", moved.Body.GetProperty("errors").GetProperty("tokens")[0].GetString(), StringComparison.Ordinal);
        var victim = await services.GetRequiredService<IMerchantDirectory>().FindAsync("VICTIMMERCH01");
        Assert.Equal(("us", null), (victim!.Region, victim.BaseUrl));
        var stored = await services.GetRequiredService<ITokenSecretStore>().ReadAsync("VICTIMMERCH01");
        Assert.Equal((AccessToken, RefreshToken), (stored!.AccessToken, stored.RefreshToken));
    }

    [Theory]
    [InlineData("""{"merchantId":"bad","region":"us"}""", "merchantId")]
    [InlineData("""{"merchantId":"ONBOARDMERCH1","region":"mars"}""", "region")]
    [InlineData("""{"merchantId":"ONBOARDMERCH1","region":"us","types":["REFUNDS"]}""", "types")]
    [InlineData("""{"merchantId":"ONBOARDMERCH1","region":"us","baseUrl":"ftp://x"}""", "baseUrl")]
    [InlineData("""{"merchantId":"ONBOARDMERCH1","region":"us","baseUrl":"https://api.clover.com/"}""", "baseUrl")]
    [InlineData("""{"merchantId":"ONBOARDMERCH1","region":"us","tokens":{}}""", "tokens")]
    [InlineData("""{"merchantId":"ONBOARDMERCH1","region":"us","tokens":{"refreshToken":42}}""", "tokens")]
    [InlineData("""{"merchantId":"ONBOARDMERCH1","region":"us","token":"api-SECRET-x"}""", "token")]
    [InlineData("""{"merchantId":"ONBOARDMERCH1","region":"us","backfillStart":"1970-01-01"}""", "backfillStart")]
    [InlineData("", "body")]
    public async Task Post_rejects_bad_fields_by_name_without_echoing_tokens(string body, string field)
    {
        using var services = Services(table: true);

        var answer = await HttpCall.ExecuteAsync(await Api(services).Save(HttpCall.Request("POST", "/api/merchants", body), CancellationToken.None));

        answer.AssertProblem(400, field);
        Assert.DoesNotContain("SECRET", answer.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_field_is_blamed_by_the_validators_key_with_its_own_message()
    {
        using var services = Services(table: true);

        var answer = await HttpCall.ExecuteAsync(await Api(services).Save(HttpCall.Request("POST", "/api/merchants", """
            {"merchantId":"bad","region":"mars","types":["REFUNDS"],"backfillStart":"1970-01-01","tokens":{"accessToken":"api-SECRET x"}}
            """), CancellationToken.None));

        answer.AssertProblem(400, "merchantId");
        var errors = answer.Body.GetProperty("errors").EnumerateObject().ToDictionary(e => e.Name, e => e.Value[0].GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["merchantId"] = "'merchantId' is not a Clover merchant id (13 upper-case letters or digits).",
            ["region"] = "'region' is not a Clover region (us, eu, la, sandbox).",
            ["types"] = "'types' lists 'REFUNDS', which is not an export type; use ORDERS or PAYMENTS.",
            ["backfillStart"] = "'backfillStart' must not be before 2010-01-01: Clover holds no data that old (Export:EarliestDataStart).",
            ["tokens"] = "'tokens.accessToken' is not a token (it has whitespace or more than 4096 characters).",
        }, errors);
        Assert.DoesNotContain("SECRET", answer.Body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_without_a_token_store_are_a_conflict_blaming_the_tokens_and_nothing_is_saved()
    {
        using var services = Build(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Merchants:Store"] = "Table",
            ["Merchants:TableName"] = "m" + Guid.NewGuid().ToString("N")[..20],
            ["Tokens:Container"] = "tok" + Guid.NewGuid().ToString("N")[..20],
            ["Tokens:LocalEncryptionKey"] = null,
        });

        var answer = await HttpCall.ExecuteAsync(await Api(services).Save(HttpCall.Request("POST", "/api/merchants", $$$"""
            {"merchantId":"ONBOARDMERCH1","region":"us","tokens":{"refreshToken":"{{{RefreshToken}}}"}}
            """), CancellationToken.None));

        answer.AssertProblem(409, "tokens");
        Assert.Contains("no token store is configured", answer.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Null(await services.GetRequiredService<IMerchantDirectory>().FindAsync("ONBOARDMERCH1"));
    }

    [Fact]
    public async Task With_the_configuration_store_adding_or_disabling_is_a_conflict_and_unknown_ids_are_not_found()
    {
        using var configured = Services(table: false);
        using var table = Services(table: true);

        var add = await HttpCall.ExecuteAsync(await Api(configured).Save(
            HttpCall.Request("POST", "/api/merchants", """{"merchantId":"ONBOARDMERCH1","region":"us"}"""), CancellationToken.None));
        var disable = await HttpCall.ExecuteAsync(await Api(configured).Disable(HttpCall.Request("POST", "/api/merchants/ONBOARDMERCH1/disable"), "ONBOARDMERCH1", CancellationToken.None));
        var unknown = await HttpCall.ExecuteAsync(await Api(table).Disable(HttpCall.Request("POST", "/api/merchants/NOSUCHMERCHT1/disable"), "NOSUCHMERCHT1", CancellationToken.None));
        var list = await HttpCall.ExecuteAsync(await Api(configured).List(HttpCall.Request("GET", "/api/merchants"), CancellationToken.None));

        add.AssertProblem(409, "merchantId");
        disable.AssertProblem(409, "merchantId");
        unknown.AssertProblem(404, "merchantId");
        Assert.False(list.Body.GetProperty("writable").GetBoolean());
    }

    [Fact]
    public async Task Enable_turns_a_disabled_merchant_back_on()
    {
        using var services = Services(table: true);
        var api = Api(services);
        await api.Save(HttpCall.Request("POST", "/api/merchants", """{"merchantId":"ONBOARDMERCH1","region":"us","enabled":false}"""), CancellationToken.None);

        var enabled = await HttpCall.ExecuteAsync(await api.Enable(HttpCall.Request("POST", "/api/merchants/ONBOARDMERCH1/enable"), "ONBOARDMERCH1", CancellationToken.None));
        var unknown = await HttpCall.ExecuteAsync(await api.Enable(HttpCall.Request("POST", "/api/merchants/NOSUCHMERCHT1/enable"), "NOSUCHMERCHT1", CancellationToken.None));

        Assert.Equal(200, enabled.Status);
        Assert.True(enabled.Body.GetProperty("enabled").GetBoolean());
        var listed = await HttpCall.ExecuteAsync(await api.List(HttpCall.Request("GET", "/api/merchants"), CancellationToken.None));
        Assert.True(Assert.Single(listed.Body.GetProperty("merchants").EnumerateArray()).GetProperty("enabled").GetBoolean());
        unknown.AssertProblem(404, "merchantId");
    }

    [Fact]
    public async Task An_unknown_field_is_named_as_not_a_field_of_the_request()
    {
        using var services = Services(table: true);

        var answer = await HttpCall.ExecuteAsync(await Api(services).Save(
            HttpCall.Request("POST", "/api/merchants", """{"merchantId":"ONBOARDMERCH1","region":"us","id":"x"}"""), CancellationToken.None));

        answer.AssertProblem(400, "id");
        Assert.StartsWith("'id' is not a field of this request; the fields are merchantId, region,", answer.Body.GetProperty("errors").GetProperty("id")[0].GetString(), StringComparison.Ordinal);
    }

    private ServiceProvider Services(bool table) => Build(settings: new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = azurite.ConnectionString,
        ["Merchants:Store"] = table ? "Table" : "Configuration",
        ["Merchants:TableName"] = "m" + Guid.NewGuid().ToString("N")[..20],
        ["Tokens:Container"] = "tok" + Guid.NewGuid().ToString("N")[..20],
        ["Tokens:LocalEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    });

    private static MerchantOnboardingApi Api(IServiceProvider services) => ActivatorUtilities.CreateInstance<MerchantOnboardingApi>(services);
}

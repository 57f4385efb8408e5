namespace CloverExport.Emulator.Tests;

public sealed class OAuthTests
{
    private const string InitialAccess = "initial-access-token";
    private const string InitialRefresh = "initial-refresh-token";
    private static readonly EmulatorTestMerchant OAuthMerchant = EmulatorTestMerchants.Sandbox with { Token = InitialAccess };

    [Fact]
    public async Task An_access_token_works_until_its_lifetime_ends_then_answers_401()
    {
        await using var host = await StartAsync();
        using var api = host.Api(OAuthMerchant);

        using var fresh = await api.PostOneDayAsync();
        host.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        using var almost = await api.PostOneDayAsync();
        host.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var expired = await api.PostOneDayAsync();

        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, almost.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
    }

    [Fact]
    public async Task Refresh_returns_a_new_pair_with_epoch_second_expirations_and_the_new_access_token_works()
    {
        await using var host = await StartAsync();
        host.Time.Advance(TimeSpan.FromHours(1));

        using var response = await RefreshAsync(host, InitialRefresh);
        var pair = await CloverApi.ReadJsonAsync(response, HttpStatusCode.OK);
        var access = pair.GetProperty("access_token").GetString()!;
        using var api = host.Api(OAuthMerchant with { Token = access });
        using var created = await api.PostOneDayAsync();

        var now = host.Time.GetUtcNow();
        Assert.Equal((now + TimeSpan.FromMinutes(10)).ToUnixTimeSeconds(), pair.GetProperty("access_token_expiration").GetInt64());
        Assert.Equal((now + TimeSpan.FromDays(30)).ToUnixTimeSeconds(), pair.GetProperty("refresh_token_expiration").GetInt64());
        Assert.NotEqual(InitialRefresh, pair.GetProperty("refresh_token").GetString());
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(1, host.Emulator.Counters.TokenRefreshes);
        Assert.Equal(host.Emulator.IssuedTokens(OAuthMerchant.Id), [access, pair.GetProperty("refresh_token").GetString()!]);
    }

    [Fact]
    public async Task A_refresh_token_is_single_use_and_the_replacement_keeps_working()
    {
        await using var host = await StartAsync();

        using var first = await RefreshAsync(host, InitialRefresh);
        var next = (await CloverApi.ReadJsonAsync(first, HttpStatusCode.OK)).GetProperty("refresh_token").GetString()!;
        using var reused = await RefreshAsync(host, InitialRefresh);
        using var second = await RefreshAsync(host, next);

        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var counters = host.Emulator.Counters;
        Assert.Equal(2, counters.TokenRefreshes);
        Assert.Equal(1, counters.TokenRefreshesRejected);
    }

    [Fact]
    public async Task Revoking_a_merchant_kills_its_access_and_refresh_tokens_but_not_other_merchants()
    {
        await using var host = await StartAsync();
        using var api = host.Api(OAuthMerchant);
        using var other = host.Api(EmulatorTestMerchants.Busy);

        using var revoked = await host.Http.PostAsync($"_emulator/merchants/{OAuthMerchant.Id}/revoke", null);
        using var afterRevoke = await api.PostOneDayAsync();
        using var refresh = await RefreshAsync(host, InitialRefresh);
        using var otherMerchant = await other.PostOneDayAsync();

        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherMerchant.StatusCode);
    }

    [Fact]
    public async Task Expired_refresh_token_wrong_client_id_and_bad_bodies_are_refused()
    {
        await using var host = await StartAsync(o => o.OAuthClientId = "APPID1234567");

        using var wrongClient = await RefreshAsync(host, InitialRefresh, clientId: "SOMEOTHERAPP");
        using var noToken = await host.Http.PostAsync("oauth/v2/refresh", JsonContent.Create(new Dictionary<string, string> { ["client_id"] = "APPID1234567" }));
        using var notJson = await host.Http.PostAsync("oauth/v2/refresh", new StringContent("refresh_token=x"));
        host.Time.Advance(TimeSpan.FromDays(30));
        using var expired = await RefreshAsync(host, InitialRefresh, clientId: "APPID1234567");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongClient.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(0, host.Emulator.Counters.TokenRefreshes);
    }

    [Fact]
    public async Task Static_tokens_never_expire_and_cannot_be_refreshed_and_counters_show_refreshes()
    {
        await using var host = await StartAsync();
        using var api = host.Api(EmulatorTestMerchants.Busy);

        host.Time.Advance(TimeSpan.FromDays(400));
        using var created = await api.PostOneDayAsync();
        using var refresh = await RefreshAsync(host, EmulatorTestMerchants.Busy.Token);
        using var ok = await RefreshAsync(host, InitialRefresh);
        var counters = await host.Http.GetFromJsonAsync<JsonElement>("_emulator/counters");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ok.StatusCode); // 400 days: the initial refresh token (30-day lifetime) expired too
        Assert.Equal(0, counters.GetProperty("tokenRefreshes").GetInt64());
        Assert.Equal(2, counters.GetProperty("tokenRefreshesRejected").GetInt64());
        Assert.DoesNotContain(InitialRefresh, counters.GetRawText(), StringComparison.Ordinal);
    }

    private static Task<TestHost> StartAsync(Action<EmulatorOptions>? configure = null) => TestHost.StartAsync(options =>
    {
        options.AccessTokenLifetime = TimeSpan.FromMinutes(10);
        options.RefreshTokenLifetime = TimeSpan.FromDays(30);
        var merchant = options.Merchants.Single(m => m.Id == OAuthMerchant.Id);
        merchant.Token = InitialAccess;
        merchant.RefreshToken = InitialRefresh;
        configure?.Invoke(options);
    });

    private static async Task<HttpResponseMessage> RefreshAsync(TestHost host, string refreshToken, string clientId = "APP0000000001")
    {
        return await host.Http.PostAsync("oauth/v2/refresh", JsonContent.Create(new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["refresh_token"] = refreshToken,
        }));
    }
}

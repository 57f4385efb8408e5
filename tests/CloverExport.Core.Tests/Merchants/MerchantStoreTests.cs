using System.Security.Cryptography;
using Azure;
using Azure.Security.KeyVault.Secrets;
using CloverExport.Core.Configuration;
using CloverExport.Core.Merchants;
using CloverExport.Core.Storage;
using CloverExport.Core.Tokens;
using CloverExport.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tests.Merchants;

public sealed class MerchantStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly MerchantInfo Merchant = new("TABLEMERCHNT1", "eu", null, [ExportType.Orders], new DateTimeOffset(2022, 1, 1, 0, 0, 0, TimeSpan.Zero), "Café Table", true);

    [Fact]
    public async Task The_table_store_keeps_merchants_status_and_enabled_flag_and_never_a_token()
    {
        using var provider = TableServices();
        var onboarding = provider.GetRequiredService<MerchantOnboarding>();
        var directory = provider.GetRequiredService<IMerchantDirectory>();
        var statuses = provider.GetRequiredService<IMerchantStatusStore>();

        await onboarding.SaveAsync(Merchant, new TokenGrant { AccessToken = "table-SECRET-access", RefreshToken = "table-SECRET-refresh" });
        await onboarding.SaveAsync(Merchant with { Id = "TABLEMERCHNT2", DisplayName = null, Types = [] }, grant: null);
        await statuses.SetStatusAsync(Merchant.Id, new MerchantStatus(MerchantHealth.NeedsReauth, "refused", DateTimeOffset.UtcNow));
        await onboarding.SaveAsync(Merchant with { DisplayName = "Renamed" }, grant: null);
        var disabled = await onboarding.DisableAsync("TABLEMERCHNT2");
        var unknown = await onboarding.DisableAsync("NOSUCHMERCHNT");

        var listed = await onboarding.ListAsync();
        Assert.True(disabled);
        Assert.False(unknown);
        Assert.Equal(["TABLEMERCHNT1", "TABLEMERCHNT2"], listed.Select(e => e.Info.Id));
        Assert.Equal(Merchant with { DisplayName = "Renamed" }, listed[0].Info with { Types = Merchant.Types });
        Assert.Equal([ExportType.Orders], listed[0].Info.Types);
        Assert.Equal(MerchantHealth.NeedsReauth, listed[0].Status.Health); // a description update keeps the status
        Assert.Equal("refused", listed[0].Status.LastError);
        Assert.Empty(listed[1].Info.Types);
        Assert.False(listed[1].Info.Enabled);
        Assert.Equal(["TABLEMERCHNT1"], (await directory.ListEnabledAsync()).Select(m => m.Id));
        Assert.Equal("Renamed", (await directory.FindAsync(Merchant.Id))!.DisplayName);

        var table = new Azure.Data.Tables.TableClient(azurite.ConnectionString, provider.GetRequiredService<IOptions<MerchantStoreOptions>>().Value.TableName);
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>())
        {
            Assert.DoesNotContain(row, p => p.Value?.ToString()?.Contains("SECRET", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task Onboarding_clears_needs_reauth_and_the_configuration_store_is_read_only()
    {
        using var provider = new ServiceCollection().AddLogging().AddCloverExportPipeline(Configuration(new()
        {
            ["Merchants:0:Id"] = "CONFIGMERCHT1",
            ["Merchants:0:Region"] = "us",
        })).BuildServiceProvider();
        var onboarding = provider.GetRequiredService<MerchantOnboarding>();
        var statuses = provider.GetRequiredService<IMerchantStatusStore>();
        var configured = (await provider.GetRequiredService<IMerchantDirectory>().FindAsync("CONFIGMERCHT1"))!;
        await statuses.SetStatusAsync(configured.Id, new MerchantStatus(MerchantHealth.NeedsReauth, "refused", DateTimeOffset.UtcNow));

        await onboarding.SaveAsync(configured, new TokenGrant { RefreshToken = "config-SECRET-refresh" });
        var add = await Assert.ThrowsAsync<MerchantFieldException>(() => onboarding.SaveAsync(Merchant, null));
        var disable = await Assert.ThrowsAsync<NotSupportedException>(() => onboarding.DisableAsync("CONFIGMERCHT1"));
        var invalid = await Assert.ThrowsAsync<MerchantFieldException>(() => onboarding.SaveAsync(configured with { Region = "mars" }, new TokenGrant()));

        var listed = await onboarding.ListAsync();
        Assert.Equal(MerchantHealth.Healthy, Assert.Single(listed).Status.Health);
        Assert.True(add.IsConflict);
        Assert.Contains("Merchants:Store=Table", add.Errors[MerchantField.Id], StringComparison.Ordinal);
        Assert.Contains("Merchants:Store", disable.Message, StringComparison.Ordinal);
        Assert.False(invalid.IsConflict);
        Assert.Equal("is not a Clover region (us, eu, la, sandbox).", invalid.Errors[MerchantField.Region]);
        Assert.Equal("must hold a refresh token (OAuth) or an access token (static).", invalid.Errors[MerchantField.Tokens]);
        Assert.Equal("config-SECRET-refresh", (await provider.GetRequiredService<ITokenSecretStore>().ReadAsync("CONFIGMERCHT1"))!.RefreshToken);
    }

    [Fact]
    public async Task Encrypted_token_blobs_need_the_same_key_and_the_same_merchant()
    {
        using var provider = TableServices();
        var store = provider.GetRequiredService<ITokenSecretStore>();
        var container = await provider.GetRequiredService<TokenContainer>().GetAsync();
        await store.WriteAsync("ENCRYPTMERCH1", new TokenSet { AccessToken = "enc-SECRET-access", RefreshToken = "enc-SECRET-refresh", Generation = 4 });

        var roundTrip = await store.ReadAsync("ENCRYPTMERCH1");
        var raw = (await container.GetBlobClient(EncryptedBlobTokenSecretStore.BlobName("ENCRYPTMERCH1")).DownloadContentAsync()).Value.Content;
        await container.GetBlobClient(EncryptedBlobTokenSecretStore.BlobName("ENCRYPTMERCH2")).UploadAsync(raw, overwrite: true);
        var moved = await Assert.ThrowsAsync<TokenStoreException>(() => store.ReadAsync("ENCRYPTMERCH2"));
        var otherKey = new EncryptedBlobTokenSecretStore(
            provider.GetRequiredService<TokenContainer>(),
            Options.Create(new TokenOptions { LocalEncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
        var wrongKey = await Assert.ThrowsAsync<TokenStoreException>(() => otherKey.ReadAsync("ENCRYPTMERCH1"));

        Assert.Equal("enc-SECRET-refresh", roundTrip!.RefreshToken);
        Assert.Equal(4, roundTrip.Generation);
        Assert.DoesNotContain("SECRET", System.Text.Encoding.Latin1.GetString(raw.ToArray()), StringComparison.Ordinal);
        Assert.Contains("does not decrypt", moved.Message, StringComparison.Ordinal);
        Assert.Contains("Tokens:LocalEncryptionKey changed", wrongKey.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Key_Vault_secrets_are_named_per_merchant_in_lower_case_hold_the_pair_as_json_and_accept_a_bare_static_token()
    {
        var vault = new FakeSecretClient();
        var store = new KeyVaultTokenSecretStore(vault);
        vault.Values["clover-token-staticmerch01"] = "bare-static-token";

        await store.WriteAsync("KVMERCHANT001", new TokenSet { AccessToken = "kv-access", RefreshToken = "kv-refresh", Generation = 2 });
        var pair = await store.ReadAsync("KVMERCHANT001");
        var bare = await store.ReadAsync("STATICMERCH01");
        var missing = await store.ReadAsync("NOSUCHMERCHT1");

        Assert.StartsWith("{", vault.Values["clover-token-kvmerchant001"], StringComparison.Ordinal);
        Assert.Equal(("kv-access", "kv-refresh", 2L), (pair!.AccessToken, pair.RefreshToken, pair.Generation));
        Assert.Equal("bare-static-token", bare!.AccessToken);
        Assert.False(bare.CanRefresh);
        Assert.Null(missing);
    }

    [Theory]
    [InlineData("merchant-list")]
    [InlineData("1merchants")]
    [InlineData("mt")]
    [InlineData("Tables")]
    public void A_table_name_Azure_would_refuse_is_a_start_up_error_naming_the_setting(string name)
    {
        using var provider = new ServiceCollection().AddLogging().AddCloverExportPipeline(Configuration(new() { ["Merchants:TableName"] = name })).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["Merchants:TableName must be 3-63 letters or digits, starting with a letter (an Azure Table name; 'tables' is reserved)."], error.Failures);
    }

    [Theory]
    [InlineData("Tokens:LocalEncryptionKey", "c2hvcnQ=", "Tokens:LocalEncryptionKey must be base64 of exactly 32 bytes")]
    [InlineData("KeyVault:Uri", "http://vault.example", "KeyVault:Uri must be an absolute https URL")]
    [InlineData("Tokens:RefreshMargin", "-00:01:00", "Tokens:RefreshMargin must not be negative.")]
    [InlineData("Tokens:Container", "Bad_Name", "Tokens:Container must be")]
    public void Token_settings_are_validated_at_start_up(string key, string value, string expected)
    {
        using var provider = new ServiceCollection().AddLogging().AddCloverExportPipeline(Configuration(new() { [key] = value })).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TokenOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_settings_share_the_Merchants_section_with_the_numbered_entries_and_tokens_may_live_in_the_store()
    {
        var configuration = Configuration(new()
        {
            ["Merchants:Store"] = "Configuration",
            ["Merchants:TableName"] = "merchants",
            ["Merchants:0:Id"] = "NOTOKENMERCH1",
            ["Merchants:0:Region"] = "us",
            ["Merchants:1:Id"] = "JSONTOKENMER1",
            ["Merchants:1:Region"] = "us",
            ["Merchants:1:Token"] = """{"accessToken":"resolved-from-key-vault"}""",
        });
        using var provider = new ServiceCollection().AddLogging().AddCloverExportPipeline(configuration).BuildServiceProvider();

        var validation = provider.GetRequiredService<IOptions<MerchantConfigurationValidation.Marker>>().Value;
        var listed = await new ConfigurationMerchantDirectory(configuration).ListAsync();

        Assert.NotNull(validation);
        Assert.Equal(["NOTOKENMERCH1", "JSONTOKENMER1"], listed.Select(m => m.Id));
        await Assert.ThrowsAsync<MerchantNotFoundException>(() => new ConfigurationTokenProvider(configuration).GetAccessTokenAsync("JSONTOKENMER1").AsTask());
    }

    [Theory]
    [InlineData("https://acct.blob.core.windows.net", null, "https://acct.table.core.windows.net/")]
    [InlineData("https://acct.blob.core.windows.net", "https://tables.example/", "https://tables.example/")]
    public void The_table_endpoint_comes_from_the_blob_endpoint_unless_set(string blob, string? explicitUri, string expected)
    {
        var endpoint = TableMerchantDirectory.TableEndpoint(
            new MerchantStoreOptions { TableServiceUri = explicitUri is null ? null : new Uri(explicitUri) },
            new StorageOptions { ServiceUri = new Uri(blob) });

        Assert.Equal(expected, endpoint.ToString());
    }

    private ServiceProvider TableServices() =>
        new ServiceCollection().AddLogging().AddCloverExportPipeline(Configuration(new()
        {
            ["Merchants:Store"] = "Table",
            ["Merchants:TableName"] = "m" + Guid.NewGuid().ToString("N")[..20],
        })).BuildServiceProvider();

    private IConfiguration Configuration(Dictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Tokens:Container"] = "tok" + Guid.NewGuid().ToString("N")[..20],
            ["Tokens:LocalEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new ConfigurationBuilder().AddInMemoryCollection(all).Build();
    }

    /// <summary>SecretClient's documented mocking surface: virtual Get/Set over a dictionary.</summary>
    private sealed class FakeSecretClient : SecretClient
    {
        public Dictionary<string, string> Values { get; } = [];

        public override Task<Response<KeyVaultSecret>> GetSecretAsync(string name, string? version = null, CancellationToken cancellationToken = default) =>
            Values.TryGetValue(name, out var value)
                ? Task.FromResult(Response.FromValue(new KeyVaultSecret(name, value), new EmptyResponse()))
                : throw new RequestFailedException(404, "SecretNotFound");

        public override Task<Response<KeyVaultSecret>> SetSecretAsync(KeyVaultSecret secret, CancellationToken cancellationToken = default)
        {
            Values[secret.Name] = secret.Value;
            return Task.FromResult(Response.FromValue(secret, new EmptyResponse()));
        }
    }

    private sealed class EmptyResponse : Response
    {
        public override int Status => 200;

        public override string ReasonPhrase => "OK";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = "";

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<Azure.Core.HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}

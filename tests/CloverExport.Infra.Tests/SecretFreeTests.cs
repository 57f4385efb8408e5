namespace CloverExport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class SecretFreeTests(BicepFixture fixture)
{
    [Theory]
    [InlineData("listKeys")]
    [InlineData("listAccountSas")]
    [InlineData("listServiceSas")]
    [InlineData("listConnectionStrings")]
    [InlineData("AccountKey")]
    [InlineData("SharedAccessSignature")]
    public void Template_never_reads_or_embeds_keys(string needle) =>
        Assert.DoesNotContain(needle, fixture.Template.Text, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void No_app_setting_value_carries_a_key()
    {
        foreach (var (name, value) in fixture.Template.AppSettings)
        {
            var text = JsonText.Of(value) ?? string.Empty;
            Assert.False(text.Contains("AccountKey=", StringComparison.OrdinalIgnoreCase), $"{name} holds an account key");
            Assert.False(text.Contains("SharedAccessSignature=", StringComparison.OrdinalIgnoreCase), $"{name} holds a SAS");
        }
    }

    [Fact]
    public void The_only_connection_string_setting_is_application_insights()
    {
        var names = fixture.Template.AppSettings
            .Select(s => s.Key)
            .Where(n => Regex.IsMatch(n, "connection_?string", RegexOptions.IgnoreCase))
            .ToList();

        Assert.Equal(["APPLICATIONINSIGHTS_CONNECTION_STRING"], names);
        // No storage connection string under any spelling the host or the app would read.
        Assert.DoesNotContain("AzureWebJobsStorage", fixture.Template.AppSettings.Select(s => s.Key));
        Assert.DoesNotContain("Storage__ConnectionString", fixture.Template.AppSettings.Select(s => s.Key));
    }

    [Fact]
    public void Application_insights_connection_string_is_the_components_own_property()
    {
        var value = JsonText.Of(fixture.Template.AppSettings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.Contains("'monitoring'", value, StringComparison.Ordinal);
        Assert.Contains("outputs.applicationInsightsConnectionString", value, StringComparison.Ordinal);

        var output = JsonText.Of(fixture.Template.ModuleTemplate("monitoring")["outputs"]?["applicationInsightsConnectionString"]?["value"]);
        Assert.Contains("Microsoft.Insights/components", output, StringComparison.Ordinal);
        Assert.EndsWith(".ConnectionString]", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_storage_account_accepts_only_entra_id_over_tls12()
    {
        var accounts = fixture.Template.OfType("Microsoft.Storage/storageAccounts").ToList();

        Assert.NotEmpty(accounts);
        foreach (var account in accounts)
        {
            Assert.True(IsLiteral(account.At("properties.allowSharedKeyAccess"), false), "allowSharedKeyAccess must be literally false");
            Assert.True(IsLiteral(account.At("properties.allowBlobPublicAccess"), false), "allowBlobPublicAccess must be literally false");
            Assert.Equal("TLS1_2", account.Text("properties.minimumTlsVersion"));
            Assert.True(IsLiteral(account.At("properties.supportsHttpsTrafficOnly"), true), "supportsHttpsTrafficOnly");
            Assert.True(IsLiteral(account.At("properties.defaultToOAuthAuthentication"), true), "defaultToOAuthAuthentication");
        }
    }

    [Fact]
    public void Host_and_export_accounts_both_come_from_the_hardened_module()
    {
        foreach (var module in new[] { "host-storage", "export-storage" })
        {
            var declared = CompiledTemplate.ResourcesOf(fixture.Template.ModuleTemplate(module))
                .Count(r => JsonText.Of(r["type"]) == "Microsoft.Storage/storageAccounts");
            Assert.Equal(1, declared);
        }
    }

    // A literal JSON boolean equal to `expected`; an expression or a string never counts.
    internal static bool IsLiteral(JsonNode? node, bool expected) =>
        node is JsonValue value && value.TryGetValue<bool>(out var b) && b == expected;
}

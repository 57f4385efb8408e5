namespace CloverExport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed partial class AppSettingsTests(BicepFixture fixture)
{
    public static IReadOnlyList<string> RequiredNames { get; } =
        File.ReadAllLines(Path.Combine(RepoPaths.Infra, "app-settings.required.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .ToList();

    [Fact]
    public void Required_settings_list_uses_app_setting_names()
    {
        Assert.NotEmpty(RequiredNames);
        Assert.Equal(RequiredNames.Count, RequiredNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(RequiredNames, n => Assert.Matches(SettingName(), n));
    }

    [Fact]
    public void Every_required_setting_is_set_on_the_function_app()
    {
        var missing = RequiredNames.Where(n => !fixture.Template.AppSettings.ContainsKey(n)).ToList();

        Assert.True(missing.Count == 0, $"Missing app settings: {string.Join(", ", missing)}");
    }

    // Infra defaults must agree with the contract table's defaults.
    [Theory]
    [InlineData("TaskHubName", "CloverExport")]
    [InlineData("ExportSchedule", "0 5 10 * * *")]
    [InlineData("Storage__Container", "clover-exports")]
    [InlineData("Export__Types", "ORDERS,PAYMENTS")]
    [InlineData("Export__BackfillStart", "2020-01-01")]
    [InlineData("Export__SettleLag", "1.00:00:00")]
    [InlineData("Export__MaxExportsInFlightPerMerchant", "1")]
    [InlineData("Clover__MaxRequestsPerSecond", "16")]
    [InlineData("Clover__MaxConcurrentRequests", "5")]
    public void Setting_defaults_match_the_contract(string setting, string expected)
    {
        var value = JsonText.Of(fixture.Template.AppSettings[setting]) ?? string.Empty;
        var match = ParameterReference().Match(value);
        Assert.True(match.Success, $"{setting} = {value} is not a main.bicep parameter");

        var defaultValue = fixture.Template.MainParameterDefault(match.Groups["name"].Value);
        Assert.Equal(expected, JsonText.Of(defaultValue));
    }

    [Fact]
    public void Host_storage_is_identity_based()
    {
        var settings = fixture.Template.AppSettings;
        var accountName = JsonText.Of(settings["AzureWebJobsStorage__accountName"]);

        Assert.Contains("'host-storage'", accountName, StringComparison.Ordinal);
        Assert.Contains("outputs.name.value", accountName, StringComparison.Ordinal);
        Assert.Equal("managedidentity", JsonText.Of(settings["AzureWebJobsStorage__credential"]));
        Assert.Equal(IdentityClientId(), JsonText.Of(settings["AzureWebJobsStorage__clientId"]));
    }

    [Fact]
    public void Worker_credential_and_telemetry_use_the_user_assigned_identity()
    {
        var settings = fixture.Template.AppSettings;

        Assert.Equal(IdentityClientId(), JsonText.Of(settings["AZURE_CLIENT_ID"]));
        var authentication = JsonText.Of(settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        Assert.StartsWith("[format('ClientId={0};Authorization=AAD', ", authentication, StringComparison.Ordinal);
        Assert.Contains(IdentityClientId().Trim('[', ']'), authentication, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_service_uri_is_the_export_accounts_blob_endpoint()
    {
        var value = JsonText.Of(fixture.Template.AppSettings["Storage__ServiceUri"]);

        Assert.Contains("'export-storage'", value, StringComparison.Ordinal);
        Assert.Contains("outputs.blobEndpoint.value", value, StringComparison.Ordinal);
        Assert.Equal("[parameters('exportContainerName')]", JsonText.Of(fixture.Template.AppSettings["Storage__Container"]));
    }

    [Fact]
    public void Key_vault_uri_is_the_deployed_vaults_uri()
    {
        var value = JsonText.Of(fixture.Template.AppSettings["KeyVault__Uri"]);

        Assert.Contains("'key-vault'", value, StringComparison.Ordinal);
        Assert.Contains("outputs.uri.value", value, StringComparison.Ordinal);
    }

    [Fact]
    public void Merchant_tokens_are_key_vault_references_into_the_deployed_vault()
    {
        var variables = fixture.Template.Root["variables"]!;
        var merchantSettings = JsonText.Of(variables["merchantSettings"]);

        Assert.Equal("[variables('merchantSettings')]", JsonText.Of(fixture.Template.ModuleParameter("function-app", "merchantAppSettings")));
        Assert.Contains("'Merchants__{0}__Token'", merchantSettings, StringComparison.Ordinal);
        Assert.Contains("'@Microsoft.KeyVault(SecretUri={0}secrets/clover-token-{1})'", merchantSettings, StringComparison.Ordinal);
        Assert.Contains("variables('keyVaultName')", JsonText.Of(variables["keyVaultUri"]), StringComparison.Ordinal);
        Assert.Equal("[variables('keyVaultName')]", JsonText.Of(fixture.Template.ModuleParameter("key-vault", "name")));
    }

    private string IdentityClientId()
    {
        var value = JsonText.Of(fixture.Template.AppSettings["AzureWebJobsStorage__clientId"]) ?? string.Empty;
        Assert.Contains("'identity'", value, StringComparison.Ordinal);
        Assert.Contains("outputs.clientId.value", value, StringComparison.Ordinal);
        return value;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SettingName();

    [GeneratedRegex(@"^\[(?:string\()?parameters\('(?<name>\w+)'\)\)?\]$")]
    private static partial Regex ParameterReference();
}

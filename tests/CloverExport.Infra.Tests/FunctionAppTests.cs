namespace CloverExport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class FunctionAppTests(BicepFixture fixture)
{
    private ArmResource Site => Assert.Single(fixture.Template.OfType("Microsoft.Web/sites"));

    [Fact]
    public void Plan_is_flex_consumption_fc1_on_linux()
    {
        var plan = Assert.Single(fixture.Template.OfType("Microsoft.Web/serverfarms"));

        Assert.Equal("FC1", plan.Text("sku.name"));
        Assert.Equal("FlexConsumption", plan.Text("sku.tier"));
        Assert.True(SecretFreeTests.IsLiteral(plan.At("properties.reserved"), true), "Linux plans are reserved");
        Assert.Contains("Microsoft.Web/serverfarms", Site.Text("properties.serverFarmId"), StringComparison.Ordinal);
    }

    [Fact]
    public void Site_is_a_linux_function_app_on_dotnet_isolated_10()
    {
        Assert.Equal("functionapp,linux", Site.Text("kind"));
        Assert.Equal("dotnet-isolated", Site.Text("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", Site.Text("properties.functionAppConfig.runtime.version"));
        Assert.True(SecretFreeTests.IsLiteral(Site.At("properties.httpsOnly"), true), "httpsOnly");
    }

    [Fact]
    public void Scale_settings_are_parameters_and_the_durable_group_is_always_ready()
    {
        Assert.Equal("[parameters('instanceMemoryMB')]", Site.Text("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"));
        Assert.Equal("[parameters('maximumInstanceCount')]", Site.Text("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount"));
        Assert.Equal("[parameters('instanceMemoryMB')]", JsonText.Of(fixture.Template.ModuleParameter("function-app", "instanceMemoryMB")));
        Assert.Equal("[parameters('maximumInstanceCount')]", JsonText.Of(fixture.Template.ModuleParameter("function-app", "maximumInstanceCount")));

        var alwaysReady = Site.At("properties.functionAppConfig.scaleAndConcurrency.alwaysReady")!.AsArray();
        var durable = Assert.Single(alwaysReady, g => JsonText.Of(g?["name"]) == "durable");
        Assert.Equal(1, durable!["instanceCount"]!.GetValue<int>());
    }

    [Fact]
    public void Deployment_package_is_read_with_the_user_assigned_identity()
    {
        Assert.Equal("blobContainer", Site.Text("properties.functionAppConfig.deployment.storage.type"));
        Assert.Equal("UserAssignedIdentity", Site.Text("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.Equal("[parameters('identityId')]", Site.Text("properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId"));
        Assert.Contains("parameters('deploymentContainerName')", Site.Text("properties.functionAppConfig.deployment.storage.value"), StringComparison.Ordinal);
        // The container the package goes to is one the host storage module creates.
        Assert.Equal("[variables('deploymentContainerName')]", JsonText.Of(fixture.Template.ModuleParameter("function-app", "deploymentContainerName")));
        Assert.Contains("variables('deploymentContainerName')", JsonText.Of(fixture.Template.ModuleParameter("host-storage", "containers")), StringComparison.Ordinal);
    }

    [Fact]
    public void Site_runs_as_the_user_assigned_identity_including_key_vault_references()
    {
        Assert.Equal("UserAssigned", Site.Text("identity.type"));
        var identities = Site.At("identity.userAssignedIdentities")!.AsObject();
        Assert.Contains("parameters('identityId')", Assert.Single(identities).Key, StringComparison.Ordinal);
        Assert.Equal("[parameters('identityId')]", Site.Text("properties.keyVaultReferenceIdentity"));

        var identityId = JsonText.Of(fixture.Template.ModuleParameter("function-app", "identityId"));
        Assert.Contains("'identity'", identityId, StringComparison.Ordinal);
        Assert.Contains("outputs.id.value", identityId, StringComparison.Ordinal);
    }

    [Fact]
    public void Site_is_tagged_for_the_azd_api_service() =>
        Assert.Contains("createObject('azd-service-name', 'api')", Site.Text("tags"), StringComparison.Ordinal);

    [Fact]
    public void App_settings_resource_applies_the_module_settings()
    {
        var config = Assert.Single(fixture.Template.OfType("Microsoft.Web/sites/config"));

        Assert.Contains("'appsettings'", config.Text("name"), StringComparison.Ordinal);
        Assert.Contains("parameters('appSettings')", config.Text("properties"), StringComparison.Ordinal);
        Assert.Contains("parameters('merchantAppSettings')", config.Text("properties"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_EXTENSION_VERSION")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    public void Settings_that_flex_consumption_rejects_are_absent(string name) =>
        Assert.False(fixture.Template.AppSettings.ContainsKey(name), $"{name} is not allowed on Flex Consumption");
}

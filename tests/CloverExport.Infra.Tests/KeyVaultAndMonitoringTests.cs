namespace CloverExport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class KeyVaultAndMonitoringTests(BicepFixture fixture)
{
    [Fact]
    public void Key_vault_uses_rbac_with_soft_delete_and_purge_protection()
    {
        var vault = Assert.Single(fixture.Template.OfType("Microsoft.KeyVault/vaults"));

        Assert.True(SecretFreeTests.IsLiteral(vault.At("properties.enableRbacAuthorization"), true), "enableRbacAuthorization");
        Assert.True(SecretFreeTests.IsLiteral(vault.At("properties.enableSoftDelete"), true), "enableSoftDelete");
        Assert.True(SecretFreeTests.IsLiteral(vault.At("properties.enablePurgeProtection"), true), "enablePurgeProtection");
        Assert.Null(vault.At("properties.accessPolicies"));
    }

    [Fact]
    public void Application_insights_rejects_local_auth_and_uses_the_workspace()
    {
        var component = Assert.Single(fixture.Template.OfType("Microsoft.Insights/components"));

        Assert.True(SecretFreeTests.IsLiteral(component.At("properties.DisableLocalAuth"), true), "DisableLocalAuth");
        Assert.Contains("Microsoft.OperationalInsights/workspaces", component.Text("properties.WorkspaceResourceId"), StringComparison.Ordinal);
        Assert.Single(fixture.Template.OfType("Microsoft.OperationalInsights/workspaces"));
    }
}

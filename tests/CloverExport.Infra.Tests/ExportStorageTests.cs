namespace CloverExport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class ExportStorageTests(BicepFixture fixture)
{
    private ArmResource Resource(string type) =>
        Assert.Single(fixture.Template.OfType(type), r => r.Template == fixture.Template.ModuleTemplate("export-storage"));

    [Fact]
    public void Separate_export_account_has_versioning_soft_delete_and_lifecycle()
    {
        Assert.Equal("[parameters('useSeparateExportStorageAccount')]", JsonText.Of(fixture.Template.Module("export-storage")["condition"]));
        Assert.True(SecretFreeTests.IsLiteral(fixture.Template.ModuleParameter("export-storage", "enableBlobDataProtection"), true), "export account protection");
        Assert.Equal("[variables('exportLifecycleRules')]", JsonText.Of(fixture.Template.ModuleParameter("export-storage", "lifecycleRules")));
        Assert.Contains("parameters('exportContainerName')", JsonText.Of(fixture.Template.ModuleParameter("export-storage", "containers")), StringComparison.Ordinal);
    }

    [Fact]
    public void Shared_account_gets_the_same_protection_when_exports_live_there()
    {
        Assert.Equal("[not(parameters('useSeparateExportStorageAccount'))]", JsonText.Of(fixture.Template.ModuleParameter("host-storage", "enableBlobDataProtection")));
        var rules = JsonText.Of(fixture.Template.ModuleParameter("host-storage", "lifecycleRules"));
        Assert.Contains("parameters('useSeparateExportStorageAccount')", rules, StringComparison.Ordinal);
        Assert.Contains("variables('exportLifecycleRules')", rules, StringComparison.Ordinal);
        Assert.Contains("parameters('exportContainerName')", JsonText.Of(fixture.Template.ModuleParameter("host-storage", "containers")), StringComparison.Ordinal);
    }

    [Fact]
    public void Blob_service_applies_versioning_and_soft_delete_from_the_protection_switch()
    {
        var blobService = Resource("Microsoft.Storage/storageAccounts/blobServices");
        const string protection = "[parameters('enableBlobDataProtection')]";

        Assert.Equal(protection, blobService.Text("properties.isVersioningEnabled"));
        Assert.Equal(protection, blobService.Text("properties.deleteRetentionPolicy.enabled"));
        Assert.Equal(protection, blobService.Text("properties.containerDeleteRetentionPolicy.enabled"));
    }

    [Fact]
    public void Lifecycle_rule_moves_export_blobs_to_cool_after_the_configured_days()
    {
        var policy = Resource("Microsoft.Storage/storageAccounts/managementPolicies");
        Assert.Equal("[parameters('lifecycleRules')]", policy.Text("properties.policy.rules"));

        var rule = Assert.Single(fixture.Template.Root["variables"]!["exportLifecycleRules"]!.AsArray())!;
        Assert.True(SecretFreeTests.IsLiteral(rule["enabled"], true), "rule enabled");
        Assert.Equal("[format('{0}/', parameters('exportContainerName'))]", JsonText.Of(Assert.Single(rule["definition"]!["filters"]!["prefixMatch"]!.AsArray())));
        Assert.Equal("[parameters('exportCoolAfterDays')]", JsonText.Of(rule["definition"]!["actions"]!["baseBlob"]!["tierToCool"]!["daysAfterModificationGreaterThan"]));
    }
}

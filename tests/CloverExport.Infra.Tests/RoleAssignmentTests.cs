namespace CloverExport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed partial class RoleAssignmentTests(BicepFixture fixture)
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private sealed record Grant(string Scope, string Principal, IReadOnlySet<string> RoleIds, string? PrincipalType);

    public static TheoryData<string, string> IdentityGrants => new()
    {
        { "hostStorage", BlobDataOwner },
        { "hostStorage", QueueDataContributor },
        { "hostStorage", TableDataContributor },
        { "exportStorage", BlobDataContributor },
        { "keyVault", KeyVaultSecretsUser },
        { "keyVault", KeyVaultSecretsOfficer },
        { "applicationInsights", MonitoringMetricsPublisher },
    };

    public static TheoryData<string, string> UserGrants => new()
    {
        { "hostStorage", BlobDataOwner },
        { "hostStorage", QueueDataContributor },
        { "hostStorage", TableDataContributor },
        { "exportStorage", BlobDataContributor },
        { "keyVault", KeyVaultSecretsOfficer },
    };

    [Theory]
    [MemberData(nameof(IdentityGrants))]
    public void App_identity_has_role(string scope, string roleId) =>
        Assert.Contains(Grants(), g => g.Scope == scope && g.Principal == "identity" && g.RoleIds.Contains(roleId));

    [Theory]
    [MemberData(nameof(UserGrants))]
    public void Deploying_user_has_role(string scope, string roleId) =>
        Assert.Contains(Grants(), g => g.Scope == scope && g.Principal == "user" && g.RoleIds.Contains(roleId));

    [Fact]
    public void Every_assignment_has_a_known_scope_principal_and_built_in_role()
    {
        var known = new[] { BlobDataOwner, BlobDataContributor, QueueDataContributor, TableDataContributor, KeyVaultSecretsUser, KeyVaultSecretsOfficer, MonitoringMetricsPublisher };
        var grants = Grants();

        Assert.NotEmpty(grants);
        Assert.All(grants, g =>
        {
            Assert.NotEqual("unknown", g.Scope);
            Assert.NotEqual("unknown", g.Principal);
            Assert.NotEmpty(g.RoleIds);
            Assert.Subset(known.ToHashSet(), g.RoleIds.ToHashSet());
        });
        Assert.All(grants.Where(g => g.Principal == "identity"), g => Assert.Equal("ServicePrincipal", g.PrincipalType));
    }

    [Theory]
    [InlineData("hostStorageAccountName", "host-storage", "name")]
    [InlineData("exportStorageAccountName", "export-storage", "name")]
    [InlineData("keyVaultName", "key-vault", "name")]
    [InlineData("applicationInsightsName", "monitoring", "applicationInsightsName")]
    [InlineData("identityName", "identity", "name")]
    public void Assignments_target_the_resources_main_deploys(string rbacParameter, string module, string moduleParameter)
    {
        var target = JsonText.Of(fixture.Template.ModuleParameter("rbac", rbacParameter));

        Assert.StartsWith("[variables(", target, StringComparison.Ordinal);
        Assert.Equal(target, JsonText.Of(fixture.Template.ModuleParameter(module, moduleParameter)));
    }

    private List<Grant> Grants() => fixture.Template.OfType("Microsoft.Authorization/roleAssignments")
        .Select(r => new Grant(ScopeOf(r.Text("scope")), PrincipalOf(r.Text("properties.principalId")), RoleIdsOf(r), r.Text("properties.principalType")))
        .ToList();

    private static string ScopeOf(string? scope) => scope switch
    {
        _ when scope is null => "unknown",
        _ when scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal) && scope.Contains("parameters('hostStorageAccountName')", StringComparison.Ordinal) => "hostStorage",
        _ when scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal) && scope.Contains("parameters('exportStorageAccountName')", StringComparison.Ordinal) => "exportStorage",
        _ when scope.Contains("Microsoft.KeyVault/vaults", StringComparison.Ordinal) => "keyVault",
        _ when scope.Contains("Microsoft.Insights/components", StringComparison.Ordinal) => "applicationInsights",
        _ => "unknown",
    };

    private static string PrincipalOf(string? principalId) => principalId switch
    {
        _ when principalId is null => "unknown",
        _ when principalId.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal) => "identity",
        _ when principalId.Contains("parameters('userPrincipalId')", StringComparison.Ordinal) => "user",
        _ => "unknown",
    };

    // Role ids written inline, or held in template variables the role definition expression indexes.
    private static HashSet<string> RoleIdsOf(ArmResource assignment)
    {
        var expression = assignment.Text("properties.roleDefinitionId") ?? string.Empty;
        if (!expression.Contains("Microsoft.Authorization/roleDefinitions", StringComparison.Ordinal))
        {
            return [];
        }

        var sources = new List<string> { expression };
        foreach (Match variable in VariableReference().Matches(expression))
        {
            sources.Add(JsonText.Of(assignment.Template["variables"]?[variable.Groups["name"].Value]) ?? string.Empty);
        }

        return sources.SelectMany(s => Guid().Matches(s).Select(m => m.Value.ToLowerInvariant())).ToHashSet();
    }

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    private static partial Regex VariableReference();

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();
}

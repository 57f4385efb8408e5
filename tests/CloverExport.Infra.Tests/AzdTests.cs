namespace CloverExport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed partial class AzdTests(BicepFixture fixture)
{
    private static readonly JsonObject Parameters =
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

    [Theory]
    [InlineData("name: clover-export")]
    [InlineData("api:")]
    [InlineData("project: ./src/CloverExport.Functions")]
    [InlineData("language: dotnet")]
    [InlineData("host: function")]
    public void Azure_yaml_declares_the_function_service(string line)
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "azure.yaml")).Select(l => l.Trim());

        Assert.Contains(line, lines);
    }

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("principalId", "${AZURE_PRINCIPAL_ID}")]
    public void Parameters_file_maps_azd_environment(string parameter, string value) =>
        Assert.Equal(value, JsonText.Of(Parameters[parameter]?["value"]));

    [Fact]
    public void Parameters_file_matches_main_parameters()
    {
        var declared = fixture.Template.Root["parameters"]!.AsObject();

        Assert.All(Parameters.Select(p => p.Key), name => Assert.True(declared.ContainsKey(name), $"{name} is not a main.bicep parameter"));
        var required = declared.Where(p => p.Value?["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.True(Parameters.ContainsKey(name), $"{name} has no default and no value in main.parameters.json"));
    }

    [Fact]
    public void Parameters_file_fallbacks_equal_the_template_defaults()
    {
        var fallbacks = Parameters
            .Select(p => (Name: p.Key, Match: EnvironmentFallback().Match(JsonText.Of(p.Value?["value"]) ?? string.Empty)))
            .Where(p => p.Match.Success)
            .ToList();

        Assert.NotEmpty(fallbacks);
        Assert.All(fallbacks, p => Assert.Equal(JsonText.Of(fixture.Template.MainParameterDefault(p.Name)), p.Match.Groups["fallback"].Value));
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("SERVICE_API_NAME")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_EXPORT_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_EXPORT_CONTAINER_NAME")]
    [InlineData("AZURE_KEY_VAULT_NAME")]
    [InlineData("AZURE_KEY_VAULT_ENDPOINT")]
    public void Main_outputs_what_azd_and_the_docs_use(string output) =>
        Assert.NotNull(fixture.Template.Root["outputs"]?[output]?["value"]);

    // azd's "${NAME=fallback}" substitution.
    [GeneratedRegex(@"^\$\{\w+=(?<fallback>.*)\}$")]
    private static partial Regex EnvironmentFallback();
}

namespace CloverExport.Infra.Tests;

/// <summary>The ARM JSON that `bicep build infra/main.bicep` produced, with navigation helpers.</summary>
public sealed class CompiledTemplate
{
    public CompiledTemplate(string json)
    {
        Text = json;
        Root = JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("Empty template.");
        Resources = Walk(Root).ToList();
    }

    public string Text { get; }

    public JsonObject Root { get; }

    /// <summary>Every resource, including those of nested module deployments.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase));

    /// <summary>A top-level module deployment by its module name in main.bicep.</summary>
    public JsonObject Module(string name) =>
        ResourcesOf(Root)
            .Where(r => r["type"]?.GetValue<string>() == "Microsoft.Resources/deployments")
            .SingleOrDefault(r => r["name"]?.GetValue<string>() == name)
        ?? throw new InvalidOperationException($"No module deployment named '{name}' in main.bicep.");

    /// <summary>The value main.bicep passes; when Bicep folds a conditional into one expression, that expression.</summary>
    public JsonNode? ModuleParameter(string module, string parameter) =>
        Module(module)["properties"]?["parameters"]?[parameter] switch
        {
            JsonObject wrapper => wrapper["value"],
            var expression => expression,
        };

    public JsonObject ModuleTemplate(string module) =>
        Module(module)["properties"]?["template"]?.AsObject()
        ?? throw new InvalidOperationException($"Module '{module}' has no inline template.");

    /// <summary>The app settings object main.bicep passes to the function app module.</summary>
    public JsonObject AppSettings =>
        ModuleParameter("function-app", "appSettings") as JsonObject
        ?? throw new InvalidOperationException("appSettings of the function-app module is not an object literal.");

    public JsonNode? MainParameterDefault(string name) => Root["parameters"]?[name]?["defaultValue"];

    public static IEnumerable<JsonObject> ResourcesOf(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        // Symbolic-name templates (languageVersion 2.0) keep resources in an object.
        JsonObject map => map.Select(p => p.Value).OfType<JsonObject>(),
        _ => [],
    };

    private static IEnumerable<ArmResource> Walk(JsonObject template)
    {
        foreach (var resource in ResourcesOf(template))
        {
            yield return new ArmResource(resource, template);
            // Only module deployments carry an object template; other properties may be one expression.
            if (resource["properties"] is JsonObject { } properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in Walk(nested))
                {
                    yield return inner;
                }
            }
        }
    }
}

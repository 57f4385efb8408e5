namespace CloverExport.Infra.Tests;

/// <summary>A resource of the compiled template, with the (nested) template that declares it.</summary>
public sealed record ArmResource(JsonObject Node, JsonObject Template)
{
    public string Type => Node["type"]!.GetValue<string>();

    /// <summary>The node at a dotted path such as "properties.functionAppConfig.runtime.name".</summary>
    public JsonNode? At(string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(Node, (node, segment) => (node as JsonObject)?[segment]);

    public string? Text(string path) => JsonText.Of(At(path));
}

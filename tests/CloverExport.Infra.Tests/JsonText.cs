using System.Text.Encodings.Web;
using System.Text.Json;

namespace CloverExport.Infra.Tests;

public static class JsonText
{
    // Keep ARM expressions readable: no \u0027 for quotes.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A string value as itself (literal or "[ARM expression]"), anything else as JSON.</summary>
    public static string? Of(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(Readable),
    };
}

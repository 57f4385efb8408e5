using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloverExport.Emulator;

/// <summary>Clover's wire format: camelCase, nulls left out.</summary>
internal static class EmulatorJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // Plain '&' in file URLs, as an API (not an HTML page) writes them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

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

    /// <summary>The request's JSON body, or why it is not JSON of that shape (the caller answers 400).</summary>
    public static async Task<(T? Value, string? Error)> ReadBodyAsync<T>(HttpRequest request)
    {
        try
        {
            return (await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted), null);
        }
        catch (JsonException e)
        {
            return (default, e.Message);
        }
    }
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloverExport.Functions.Http;

/// <summary>The JSON shape of every HTTP response: camelCase, enums as names, no nulls skipped (documented fields are always present).</summary>
public static class ApiJson
{
    /// <remarks>
    /// Relaxed escaping: responses are <c>application/json</c> or <c>application/problem+json</c>, never
    /// HTML, so "'" and "+" in messages stay readable instead of <c>\u0027</c> and <c>\u002B</c>.
    /// </remarks>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Request bodies: field names case-insensitive, unknown fields rejected so that typos are not silently ignored.</summary>
    public static JsonSerializerOptions RequestOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };
}

using System.Text.Json.Serialization;

namespace CloverExport.Core.Clover.Wire;

/// <summary>
/// Source-generated serializers for the wire DTOs. Numbers may arrive as strings (Clover's own
/// Python example sends times as strings), so reading accepts both; writing always uses numbers.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ExportRequestDto))]
[JsonSerializable(typeof(ExportDto))]
internal sealed partial class CloverJsonContext : JsonSerializerContext;

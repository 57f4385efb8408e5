using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloverExport.Core.Coverage;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(FailureLogDocument))]
internal sealed partial class CoverageJsonContext : JsonSerializerContext;

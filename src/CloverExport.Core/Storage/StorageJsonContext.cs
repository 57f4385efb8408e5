using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloverExport.Core.Storage;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(WindowManifest))]
[JsonSerializable(typeof(Watermark))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace CloverExport.Core.Merchants;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenSet))]
[JsonSerializable(typeof(RefreshMarker))]
[JsonSerializable(typeof(MerchantStatus))]
[JsonSerializable(typeof(OAuthRefreshResponse))]
[JsonSerializable(typeof(OAuthRefreshRequest))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using CloverExport.Core.Merchants;

namespace CloverExport.Core.Tokens;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TokenSet))]
[JsonSerializable(typeof(RefreshMarker))]
[JsonSerializable(typeof(MerchantStatus))]
[JsonSerializable(typeof(OAuthRefreshResponse))]
[JsonSerializable(typeof(OAuthRefreshRequest))]
internal sealed partial class TokenJsonContext : JsonSerializerContext;

using System.Text.Json;

namespace CloverExport.Core.Tokens;

/// <summary>Reading a stored token value: the JSON pair, or a bare static token.</summary>
internal static class TokenSecrets
{
    /// <summary>True for a value that holds a managed pair rather than a static token.</summary>
    public static bool IsPair(string? value) => value?.TrimStart().StartsWith('{') == true;

    public static TokenSet? Parse(string? value, string merchantId)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!IsPair(value))
        {
            return TokenSet.Static(value.Trim());
        }

        try
        {
            return JsonSerializer.Deserialize(value, TokenJsonContext.Default.TokenSet);
        }
        catch (JsonException e)
        {
            // The message of a JsonException can quote the value: keep only its position.
            throw new TokenStoreException($"The stored token of merchant {merchantId} is not a valid token pair (JSON error at byte {e.BytePositionInLine}).");
        }
    }
}

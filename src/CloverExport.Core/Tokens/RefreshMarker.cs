using System.Text.Json.Serialization;

namespace CloverExport.Core.Tokens;

/// <summary>
/// Write-ahead note in a merchant's lock blob: a refresh of the pair of <see cref="FromGeneration"/>
/// started and its result is not saved yet. Found by the next lock holder while the stored pair is
/// still that generation, it means the stored refresh token may already be spent.
/// </summary>
public sealed record RefreshMarker(
    [property: JsonPropertyName("fromGeneration")] long FromGeneration,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt);

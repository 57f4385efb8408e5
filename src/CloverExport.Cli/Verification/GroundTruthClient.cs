using System.Globalization;
using System.Net.Http.Json;

namespace CloverExport.Cli.Verification;

/// <summary>The emulator's admin API: which object ids really exist in a time range.</summary>
internal sealed class GroundTruthClient(HttpClient http)
{
    public async Task<IReadOnlyList<string>> IdsAsync(string merchantId, string type, DateTimeOffset start, DateTimeOffset endInclusive, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture,
            $"_emulator/ground-truth/{Uri.EscapeDataString(merchantId)}?type={type}&startTime={start.ToUnixTimeMilliseconds()}&endTime={endInclusive.ToUnixTimeMilliseconds()}");
        var answer = await http.GetFromJsonAsync<GroundTruthAnswer>(path, cancellationToken);
        return answer?.Ids ?? throw new InvalidOperationException($"The emulator answered no ids for {merchantId} {type}.");
    }

    private sealed record GroundTruthAnswer(string MerchantId, string Type, IReadOnlyList<string> Ids);
}

using System.Globalization;
using System.Text.Json;
using CloverExport.Emulator.Data;

namespace CloverExport.Emulator.Api;

/// <summary>
/// A validated create body. Read by hand because Clover's own examples disagree on the wire type of
/// the times: Python sends JSON strings, C# sends numbers; both are accepted.
/// </summary>
internal sealed record CreateExportRequest(string Type, long StartTime, long EndTime)
{
    public const long MaxRangeMs = 30L * 86_400_000;

    /// <summary>The request, or the 400 message explaining why it is not acceptable.</summary>
    public static async Task<(CreateExportRequest? Request, string? Error)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return (null, "Malformed JSON body");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body must be a JSON object");
            }

            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!ExportTypes.IsValid(type))
            {
                return (null, "type must be ORDERS or PAYMENTS");
            }

            if (!TryReadTime(root, "startTime", out var start) || !TryReadTime(root, "endTime", out var end))
            {
                return (null, "startTime and endTime must be UTC milliseconds since the epoch");
            }

            if (start >= end)
            {
                return (null, "startTime must be before endTime");
            }

            if (end - start > MaxRangeMs)
            {
                return (null, "The time range of an export cannot exceed 30 days");
            }

            return (new CreateExportRequest(type!, start, end), null);
        }
    }

    private static bool TryReadTime(JsonElement root, string name, out long value)
    {
        value = 0;
        if (!root.TryGetProperty(name, out var element))
        {
            return false;
        }

        var ok = element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
        return ok && value >= 0;
    }
}

using System.Text.Json;

namespace CloverExport.Core.Clover.Wire;

/// <summary>
/// Clover's error body, as far as it was understood. Its shape is not documented beyond <c>message</c>;
/// closed-hours answers may carry <c>availableHours</c> and <c>nextAvailableTime</c> (epoch ms or ISO
/// text, hence a raw element), at the top level or inside an <c>error</c> object.
/// </summary>
internal sealed record ErrorDto(string? Message, string? AvailableHours, JsonElement? NextAvailableTime);

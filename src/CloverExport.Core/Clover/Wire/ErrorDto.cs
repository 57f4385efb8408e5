using System.Text.Json;

namespace CloverExport.Core.Clover.Wire;

/// <summary>
/// Clover's error body. Its shape is not documented beyond <c>message</c>; closed-hours answers may carry
/// <c>availableHours</c> and <c>nextAvailableTime</c> (epoch ms or ISO text, hence a raw element).
/// </summary>
internal sealed record ErrorDto(string? Message, string? AvailableHours, JsonElement? NextAvailableTime);

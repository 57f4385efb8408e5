namespace CloverExport.Core.Clover;

/// <summary>The kinds of object Clover's Export API can export.</summary>
public enum ExportType
{
    Orders,
    Payments,
}

/// <summary>Conversions between <see cref="ExportType"/> and Clover's wire names.</summary>
public static class ExportTypes
{
    public static IReadOnlyList<ExportType> All { get; } = [ExportType.Orders, ExportType.Payments];

    /// <summary>The name Clover expects in the request body: <c>ORDERS</c> or <c>PAYMENTS</c>.</summary>
    public static string ToWireName(this ExportType type) => type switch
    {
        ExportType.Orders => "ORDERS",
        ExportType.Payments => "PAYMENTS",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown export type."),
    };

    /// <summary>Parses <c>ORDERS</c>/<c>PAYMENTS</c> (any case).</summary>
    public static bool TryParse(string? value, out ExportType type)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "ORDERS":
                type = ExportType.Orders;
                return true;
            case "PAYMENTS":
                type = ExportType.Payments;
                return true;
            default:
                type = default;
                return false;
        }
    }

    /// <summary>Parses a comma-separated list such as <c>ORDERS,PAYMENTS</c>; throws <see cref="FormatException"/> naming the bad entry.</summary>
    public static IReadOnlyList<ExportType> ParseList(string value)
    {
        var result = new List<ExportType>();
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParse(part, out var type))
            {
                throw new FormatException($"'{part}' is not an export type; use ORDERS or PAYMENTS.");
            }

            if (!result.Contains(type))
            {
                result.Add(type);
            }
        }

        return result.Count > 0 ? result : throw new FormatException("At least one export type (ORDERS or PAYMENTS) is required.");
    }
}

namespace CloverExport.Emulator.Data;

/// <summary>The two export types Clover supports, as sent on the wire.</summary>
internal static class ExportTypes
{
    public const string Orders = "ORDERS";
    public const string Payments = "PAYMENTS";

    public static bool IsValid(string? type) => type is Orders or Payments;
}

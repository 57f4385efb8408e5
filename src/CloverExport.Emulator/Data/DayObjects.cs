namespace CloverExport.Emulator.Data;

/// <summary>One UTC day of a merchant's objects, each list sorted by createdTime.</summary>
internal sealed record DayObjects(IReadOnlyList<Order> Orders, IReadOnlyList<Payment> Payments)
{
    public IReadOnlyList<IExportObject> Of(string type) => type == ExportTypes.Orders ? Orders : Payments;
}

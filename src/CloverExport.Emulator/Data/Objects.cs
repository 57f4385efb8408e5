namespace CloverExport.Emulator.Data;

// Clover's own object shapes as the emulator writes them into export files (never shared with Core).

/// <summary>An object that can appear in an export file.</summary>
internal interface IExportObject
{
    string Id { get; }

    long CreatedTime { get; }

    long ModifiedTime { get; }
}

internal sealed record IdRef(string Id);

internal sealed record ElementList<T>(IReadOnlyList<T> Elements);

internal sealed record LineItem(string Id, string Name, long Price, bool Printed, bool IsRevenue, long CreatedTime);

internal sealed record Tender(string Id, string LabelKey, string Label, bool Enabled, bool Opens);

internal sealed record CardTransaction(string CardType, string Last4, string Type, string EntryType, string State, string ReferenceId);

internal sealed record Order(
    string Id,
    string Currency,
    IdRef Employee,
    long Total,
    string State,
    string PayType,
    string Title,
    string Note,
    bool ManualTransaction,
    bool TestMode,
    bool IsVat,
    long CreatedTime,
    long ClientCreatedTime,
    long ModifiedTime,
    IdRef Device,
    ElementList<LineItem> LineItems,
    ElementList<IdRef> Payments) : IExportObject;

internal sealed record Payment(
    string Id,
    IdRef Order,
    IdRef Device,
    Tender Tender,
    IdRef Employee,
    long Amount,
    long TipAmount,
    long TaxAmount,
    long CashbackAmount,
    string Result,
    long CreatedTime,
    long ClientCreatedTime,
    long ModifiedTime,
    CardTransaction? CardTransaction,
    ElementList<IdRef> Refunds) : IExportObject;

namespace CloverExport.Emulator.Data;

/// <summary>Which objects an export (or a ground-truth query) holds: a type, a time range on one field, each object as of a moment.</summary>
internal sealed record ExportSelection(string Type, long StartMs, long EndMsInclusive, FilterField Field, long AsOfMs);

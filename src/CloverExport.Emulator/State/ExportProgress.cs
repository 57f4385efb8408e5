namespace CloverExport.Emulator.State;

/// <summary>An export's status at one moment.</summary>
internal sealed record ExportProgress(string Status, int PercentComplete, DateTimeOffset ModifiedAt);

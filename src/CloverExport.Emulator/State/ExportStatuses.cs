namespace CloverExport.Emulator.State;

internal static class ExportStatuses
{
    public const string Pending = "PENDING";
    public const string InProgress = "IN_PROGRESS";
    public const string Done = "DONE";
    public const string Failed = "FAILED";
}
